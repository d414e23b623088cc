package dev.jinit.setuser;

import dev.jinit.core.FakeCredentials;
import dev.jinit.core.FakeExec;
import dev.jinit.core.FakeProcesses;

/**
 * Run by {@link DropPrivilegesIT}: a drop where one thread keeps its credentials (in-memory credentials, so no root
 * is needed), with the default partial-switch action. The JVM must halt before the last line.
 */
public final class PartialSwitchMain {
    private PartialSwitchMain() {
    }

    public static void main(String[] args) {
        FakeCredentials credentials = new FakeCredentials().addUser("app", 1001, 1001, "/home/app").missThread(101);
        SetUser setUser = SetUser.builder().credentials(credentials).processes(new FakeProcesses(1)).exec(new FakeExec())
                .build();
        try {
            setUser.dropPrivileges(setUser.resolve("app"));
        } catch (RuntimeException e) {
            System.out.println("went on after an exception: " + e);
        }
        System.out.println("went on half privileged");
    }
}
