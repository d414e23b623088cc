package dev.jinit.cron;

/** What the daemon does when a job is due while its previous run is still going. */
public enum OverlapPolicy {
    /** Start it again: Vixie cron's behaviour (it never looks at earlier runs). The default. */
    ALLOW,
    /** Skip this run with a warning: supercronic's default. */
    SKIP
}
