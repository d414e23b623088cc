/**
 * The machinery behind {@code dev.jinit.cron}: field and line parsers, the calendar walk, and Vixie's minute loop
 * with the fast walk over it. Internal: public only so the packages of this module can share it; it may change
 * without notice.
 */
package dev.jinit.cron.internal;
