/**
 * jinit syslog: arrives with its own issue; this module holds only its package for now so the reactor has its final
 * shape.
 */
package dev.jinit.syslog;
