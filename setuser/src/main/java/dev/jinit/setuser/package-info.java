/**
 * jinit setuser: run as another user. {@link dev.jinit.setuser.SetUser} resolves a user, starts children as them
 * through util-linux {@code setpriv} (no JVM per spawn), drops this JVM's own privileges, and backs
 * {@code bin/setuser} ({@link dev.jinit.setuser.SetUserCli}), which switches and execs a command in place.
 */
package dev.jinit.setuser;
