package dev.jinit.launcher;

/** The version from the jar's manifest. */
final class Version {
    private Version() {
    }

    static String get() {
        String v = Version.class.getPackage().getImplementationVersion();
        return v == null ? "(development)" : v;
    }
}
