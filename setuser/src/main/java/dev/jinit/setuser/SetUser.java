package dev.jinit.setuser;

import dev.jinit.core.CommandResolver;
import dev.jinit.core.Credentials;
import dev.jinit.core.Descriptors;
import dev.jinit.core.Exec;
import dev.jinit.core.NativeException;
import dev.jinit.core.Natives;
import dev.jinit.core.Processes;
import dev.jinit.core.SpawnSpec;
import dev.jinit.core.Spawner;
import dev.jinit.core.ThreadCredentials;
import dev.jinit.core.ThreadIdentity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Run as another user: resolve who ({@link #resolve}), start a child as them without a JVM per spawn
 * ({@link #asUser}), drop this JVM's own privileges ({@link #dropPrivileges}), or become a command as them in place
 * ({@link #exec}, what {@code bin/setuser} does).
 *
 * <pre>{@code
 * SetUser setUser = SetUser.ofDefaults();
 * Identity www = setUser.resolve("www-data");
 * init.spawner().spawn(setUser.asUser(SpawnSpec.builder("php-fpm", "-F").build(), www));
 * // or, after binding port 80 as root:
 * setUser.dropPrivileges(www);
 * }</pre>
 *
 * <p><b>Who</b> ({@link #resolve}): a name or a uid with a passwd entry gets that entry's gid, home and name, and
 * the supplementary groups {@code initgroups(3)} would set (its gid and every group listing the user). A uid with no
 * passwd entry gets gid = uid, home {@code /}, its decimal uid as name, and no supplementary groups. With an
 * explicit group ({@code user:group}) the gid is that group's and there are no supplementary groups: the caller
 * named the one group the process gets.
 *
 * <p><b>Switching</b> is always: supplementary groups ({@code setgroups}), then gid, then uid, each through glibc
 * so that every JVM thread changes, then a check of every thread in {@code /proc/self/task}. A switch that fails
 * before anything changed throws; a <em>partial</em> switch — some thread or id not switched — runs the
 * partial-switch action, by default printing what differs on stderr and {@code Runtime.halt(70)}: a half
 * privileged process is never left running.
 *
 * <p>Thread-safe. Switching is serialised.
 */
public final class SetUser {
    private static final Logger LOG = LoggerFactory.getLogger(SetUser.class);

    /** The exit code of the JVM when a switch of user was partial. */
    public static final int PARTIAL_SWITCH_EXIT = 70;

    /** Where {@code setpriv} and {@code env} are looked for (not the child's PATH: a root process runs them). */
    public static final String SETPRIV_SEARCH_PATH = "/usr/bin:/bin:/usr/sbin:/sbin:/usr/local/bin";

    /**
     * How long a per-user spawn thread lingers after its last spawn: zero, it ends as soon as nothing is queued. A
     * thread running as a user can be signalled and prlimit-ed by that user's processes (see {@link UserSpawner}),
     * so it lives no longer than its spawns.
     */
    public static final Duration DEFAULT_SPAWNER_IDLE_TIMEOUT = Duration.ZERO;

    /** Options of a switch. */
    public enum Option {
        /** {@code prctl(PR_SET_NO_NEW_PRIVS, 1)}: setuid binaries and file capabilities grant nothing any more. */
        NO_NEW_PRIVILEGES
    }

    private final Credentials credentials;
    private final Processes processes;
    private final Exec exec;
    private final String setprivSearchPath;
    private final Consumer<List<String>> onPartialSwitch;
    private final Natives natives;
    private ThreadIdentity threadIdentity; // guarded by spawners
    private Descriptors descriptors; // guarded by spawners
    private final Duration spawnerIdleTimeout;
    private final UserSpawner.Mode spawnerMode;
    private final Set<UserSpawner> spawners = new HashSet<>();

    private SetUser(Builder b) {
        this.threadIdentity = b.threadIdentity;
        this.descriptors = b.descriptors;
        this.natives = b.natives;
        this.spawnerIdleTimeout = b.spawnerIdleTimeout;
        this.spawnerMode = b.spawnerMode;
        this.credentials = b.credentials;
        this.processes = b.processes;
        this.exec = b.exec;
        this.setprivSearchPath = b.setprivSearchPath;
        this.onPartialSwitch = b.onPartialSwitch;
    }

    /**
     * Binds libc ({@link Natives#load()}) and uses it.
     *
     * @throws IllegalStateException when libc cannot be bound
     */
    public static SetUser ofDefaults() {
        return using(Natives.load());
    }

    /** Uses {@code natives}' credentials, processes and exec, with the default partial-switch action. */
    public static SetUser using(Natives natives) {
        return builder().natives(natives).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Parses {@code userSpec} ({@code NAME}, {@code UID}, {@code NAME:GROUP} or {@code UID:GID}) and resolves it.
     *
     * @throws IllegalArgumentException when {@code userSpec} is malformed
     * @throws SetUserException         USER_NOT_FOUND or GROUP_NOT_FOUND
     */
    public Identity resolve(String userSpec) {
        return resolve(UserSpec.parse(userSpec));
    }

    /**
     * Resolves {@code spec} in the passwd and group databases; see the class comment for the rules.
     *
     * @throws SetUserException USER_NOT_FOUND (a name with no passwd entry) or GROUP_NOT_FOUND (a group name with no
     *                          group entry; a numeric gid needs none)
     */
    public Identity resolve(UserSpec spec) {
        Identity.Builder b = Identity.builder();
        Credentials.User entry;
        if (spec.numericUid().isPresent()) {
            int uid = spec.numericUid().getAsInt();
            entry = credentials.userById(uid).orElse(null);
            b.uid(uid);
        } else {
            entry = credentials.userByName(spec.user()).orElseThrow(() -> SetUserException.userNotFound(spec.user()));
            b.uid(entry.uid());
        }
        if (entry != null) {
            b.name(entry.name()).gid(entry.gid()).home(Path.of(entry.home().isEmpty() ? "/" : entry.home()));
        } else {
            // No passwd entry: gid = uid (never 0 by accident, as Docker gives `--user 1234`), home /, no groups.
            b.gid(spec.numericUid().getAsInt());
        }
        if (spec.group().isPresent()) {
            String group = spec.group().get();
            int gid = spec.numericGid().isPresent() ? spec.numericGid().getAsInt()
                    : credentials.groupByName(group).orElseThrow(() -> SetUserException.groupNotFound(group)).gid();
            b.gid(gid).groups(List.of());
        } else if (entry != null) {
            b.groups(credentials.groupList(entry.name(), entry.gid()));
        }
        return b.build();
    }

    /**
     * Turns {@code spec} into one that runs its command as {@code who}, with no JVM per spawn: the spawner starts
     * util-linux {@code setpriv --reuid=UID --regid=GID --groups=G,… (or --clear-groups) [--no-new-privs] --
     * COMMAND…}, which switches groups, gid and uid (real, effective and saved) and execs the command in place: same
     * pid, a few milliseconds at most (see {@code docs/benchmarks.md}). The spawner's guarantees carry through: empty
     * signal mask, default dispositions, fds 0–2 plus those passed. The environment gets
     * {@link Identity#environment()} on top of the spec's.
     *
     * <p>setpriv keeps root's effective capabilities until its own exec (it sets {@code PR_SET_KEEPCAPS}), so the
     * kernel checks that exec — and setpriv's PATH search — with root's rights. That changes nothing when everyone
     * may run the command: the file has the execute bit for others and every directory on its path, as given and as
     * resolved, the search bit for others (e.g. {@code /usr/bin/*}). For any other command setpriv execs
     * {@code /usr/bin/env -- COMMAND…} instead: that exec drops the capabilities, and env then finds and checks the
     * command as {@code who}, as {@code bin/setuser} does — a file {@code who} may not run exits 126 (setpriv alone
     * would run it). This costs one exec more. (POSIX ACLs are not read for the choice.)
     *
     * <p>When this JVM already is {@code who} (uid, gid and groups) and no option is given, the command is spawned
     * directly and only the environment changes.
     *
     * @throws SetUserException              NOT_ROOT (nothing else can switch), SETPRIV_NOT_FOUND
     * @throws dev.jinit.core.SpawnException when the command is not found (127) or has no execute bit (126),
     *                                       checked now so that it fails as a plain spawn would
     * @throws IllegalArgumentException      when a command that needs the env hop holds '=' in its name (env would
     *                                       take it for a variable)
     */
    public SpawnSpec asUser(SpawnSpec spec, Identity who, Option... options) {
        Set<Option> opts = options(options);
        Map<String, String> env = new LinkedHashMap<>(spec.environment());
        env.putAll(who.environment());
        String name = spec.command().get(0);
        Path exe = CommandResolver.resolve(name, env.get("PATH"), spec.directory());
        List<String> command = new ArrayList<>();
        boolean already = isAlready(who);
        if (!already || !opts.isEmpty()) {
            if (!already && credentials.uids().effective() != 0) {
                throw SetUserException.notRoot(current(), who);
            }
            command.add(tool("setpriv").toString());
            if (!already) {
                command.add("--reuid=" + who.uid());
                command.add("--regid=" + who.gid());
                command.add(who.groups().isEmpty() ? "--clear-groups"
                        : "--groups=" + who.groups().stream().map(String::valueOf).collect(Collectors.joining(",")));
            }
            if (opts.contains(Option.NO_NEW_PRIVILEGES)) {
                command.add("--no-new-privs");
            }
            command.add("--");
            if (!already && !Permissions.everyoneMayExecute(exe)) {
                if (name.indexOf('=') >= 0) {
                    throw new IllegalArgumentException("a command run as another user must not hold '=' in its name"
                            + " (env would read it as a variable), but was '" + name + "'");
                }
                command.add(tool("env").toString());
                command.add("--");
            }
        }
        command.addAll(spec.command());
        return new SpawnSpec(command, env, spec.directory(), spec.stdin(), spec.stdout(), spec.stderr(),
                spec.extraFds(), spec.grouping());
    }

    /**
     * A spawner that starts children as other users ({@link UserSpawner#spawn(SpawnSpec, Identity, Option...)})
     * through {@code base}: on a per-user thread switched alone (no exec in between) when this JVM is root and the
     * thread credentials are bound, else through setpriv as {@link #asUser} does. The choice is made now and logged
     * with its reason ({@link UserSpawner#modeReason()}). Close it when done; {@link #dropPrivileges} closes every
     * spawner of this {@code SetUser} first.
     */
    public UserSpawner spawner(Spawner base) {
        return spawner(base, spawnerMode);
    }

    /**
     * As {@link #spawner(Spawner)}, in {@code mode} instead of {@link Builder#spawnerMode}'s: for a component that
     * chooses its own mode (the supervisor's and cron's {@code userSpawns}) with a {@code SetUser} it was given, so
     * that {@link #dropPrivileges} still closes the spawner first. setpriv is still used whatever {@code mode} says
     * when this JVM is not root or threads cannot switch alone.
     */
    public UserSpawner spawner(Spawner base, UserSpawner.Mode asked) {
        Objects.requireNonNull(base, "base");
        Objects.requireNonNull(asked, "mode");
        ThreadIdentity threadIdentity;
        Descriptors descriptors;
        synchronized (spawners) {
            if (this.threadIdentity == null && natives != null && ThreadIdentity.supported()) {
                this.threadIdentity = ThreadIdentity.of(natives);
                this.descriptors = natives.descriptors();
            }
            threadIdentity = this.threadIdentity;
            descriptors = this.descriptors;
        }
        UserSpawner.Mode mode;
        String reason;
        if (threadIdentity == null || descriptors == null) {
            mode = UserSpawner.Mode.SETPRIV;
            reason = "no per-thread credentials on " + System.getProperty("os.arch")
                    + " (ThreadIdentity.supported() is false, or SetUser was built without it)";
        } else if (credentials.uids().effective() != 0) {
            mode = UserSpawner.Mode.SETPRIV;
            reason = "not root (" + current() + "): a thread cannot switch to another user";
        } else if (asked == UserSpawner.Mode.SETPRIV) {
            mode = UserSpawner.Mode.SETPRIV;
            reason = "asked for (SETPRIV)";
        } else if (asked == UserSpawner.Mode.PER_THREAD) {
            mode = UserSpawner.Mode.PER_THREAD;
            reason = "root on " + System.getProperty("os.arch") + ": each child starts on a thread switched to its"
                    + " user (raw setgroups/setresgid/setresuid), no setpriv exec";
        } else {
            mode = UserSpawner.Mode.SWITCH_PER_SPAWN;
            reason = "root on " + System.getProperty("os.arch") + ": each child starts on a root thread switched to"
                    + " its user around that spawn only, saved ids kept root (raw setgroups/setresgid/setresuid),"
                    + " no setpriv exec";
        }
        IdentityThread.Preparation prep = mode == UserSpawner.Mode.SETPRIV ? null
                : UserSpawner.preparation(threadIdentity, processes, base, mode == UserSpawner.Mode.PER_THREAD);
        SwitchAround around = mode == UserSpawner.Mode.SWITCH_PER_SPAWN
                ? new SwitchAround(threadIdentity, credentials.groups(), onPartialSwitch) : null;
        UserSpawner s = new UserSpawner(this, base, descriptors, prep, spawnerIdleTimeout, mode, reason, around);
        synchronized (spawners) {
            spawners.add(s);
        }
        return s;
    }

    /** Called by {@link UserSpawner#close()}. */
    void forget(UserSpawner s) {
        synchronized (spawners) {
            spawners.remove(s);
        }
    }

    /** Ends every per-user spawn thread: glibc's setxid broadcast must not meet a thread switched alone. */
    private void closeSpawners() {
        List<UserSpawner> all;
        synchronized (spawners) {
            all = new ArrayList<>(spawners);
        }
        for (UserSpawner s : all) {
            s.close();
        }
    }

    /**
     * Switches this whole JVM to {@code who}, irreversibly: groups, gid, uid through glibc, then a check of every
     * thread. Use it after the work that needs root (binding port 80, say). The JVM's environment and system
     * properties ({@code user.name}, {@code user.home}) are not changed. Every {@link UserSpawner} of this
     * {@code SetUser} is closed first (its threads ended and gone from {@code /proc/self/task}): glibc would abort
     * the process if its setxid broadcast met one of them.
     *
     * @return {@code who}
     * @throws SetUserException NOT_ROOT when this JVM is not root and is not {@code who} already (nothing changed)
     * @throws NativeException  when the first call fails and nothing changed
     */
    public Identity dropPrivileges(Identity who, Option... options) {
        switchTo(who, options(options));
        LOG.info("setuser - this JVM now runs as {}", who);
        return who;
    }

    /**
     * What {@code bin/setuser} does: switches to {@code who} as {@link #dropPrivileges} does, finds the command on
     * {@code environment}'s PATH (as {@code who}, so "not executable" means for them), and execs it in place with
     * {@code environment} plus {@link Identity#environment()}. Returns only from a test with a fake {@link Exec}.
     *
     * @throws SetUserException              NOT_ROOT (nothing changed)
     * @throws dev.jinit.core.SpawnException NOT_FOUND (127) or NOT_EXECUTABLE (126), after the switch
     */
    public void exec(Identity who, List<String> command, Map<String, String> environment, Option... options) {
        if (command.isEmpty()) {
            throw new IllegalArgumentException("command must name a program, but was empty");
        }
        Map<String, String> env = new LinkedHashMap<>(environment);
        env.putAll(who.environment());
        switchTo(who, options(options));
        Path exe = CommandResolver.resolve(command.get(0), env.get("PATH"), Path.of("").toAbsolutePath());
        exec.exec(exe, command, env);
    }

    private synchronized void switchTo(Identity who, Set<Option> opts) {
        closeSpawners();
        if (!isAlready(who)) {
            if (credentials.uids().effective() != 0) {
                throw SetUserException.notRoot(current(), who);
            }
            Set<List<Object>> before = threadStates();
            try {
                credentials.setGroups(who.groups());
                credentials.setGids(who.gid());
                credentials.setUids(who.uid());
            } catch (NativeException e) {
                if (before.containsAll(threadStates())) {
                    throw e; // nothing changed: the caller may report it and go on as before
                }
                List<String> diffs = new ArrayList<>();
                diffs.add(e.getMessage() + ", after part of the switch was made");
                diffs.addAll(differences(who));
                partial(who, diffs);
            }
        }
        List<String> diffs = differences(who);
        if (!diffs.isEmpty()) {
            partial(who, diffs);
        }
        if (opts.contains(Option.NO_NEW_PRIVILEGES)) {
            processes.setNoNewPrivileges();
        }
        LOG.debug("setuser - switched to {}; every thread checked", who);
    }

    private List<String> differences(Identity who) {
        return CredentialCheck.differences(who, credentials.uids(), credentials.gids(), credentials.groups(),
                credentials.threads());
    }

    private void partial(Identity who, List<String> diffs) {
        // No log line first: the default action prints its one line itself (logging may not even be bound).
        onPartialSwitch.accept(List.copyOf(diffs));
        // The action must not return; if a custom one does, this JVM still does not go on half privileged.
        throw new IllegalStateException("partial switch to " + who + ": " + String.join("; ", diffs));
    }

    /** The (uids, gids, group set) of every thread. */
    private Set<List<Object>> threadStates() {
        Set<List<Object>> out = new HashSet<>();
        for (ThreadCredentials t : credentials.threads()) {
            out.add(List.of(t.uids(), t.gids(), new TreeSet<>(t.groups())));
        }
        return out;
    }

    /** Whether this JVM's uids, gids and groups already are {@code who}'s. */
    boolean isCurrently(Identity who) {
        return isAlready(who);
    }

    private boolean isAlready(Identity who) {
        return credentials.uids().allAre(who.uid()) && credentials.gids().allAre(who.gid())
                && new TreeSet<>(credentials.groups()).equals(new TreeSet<>(who.groups()));
    }

    private String current() {
        return "uid " + Integer.toUnsignedString(credentials.uids().effective()) + ", gid "
                + Integer.toUnsignedString(credentials.gids().effective()) + ", groups " + credentials.groups();
    }

    /** {@code setpriv} or {@code env}, from the trusted search path. */
    private Path tool(String name) {
        for (String dir : setprivSearchPath.split(":")) {
            if (dir.isEmpty()) {
                continue;
            }
            Path p = Path.of(dir, name);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return p;
            }
        }
        throw SetUserException.toolNotFound(name, setprivSearchPath);
    }

    private static Set<Option> options(Option... options) {
        Set<Option> out = EnumSet.noneOf(Option.class);
        for (Option o : options) {
            out.add(Objects.requireNonNull(o, "option"));
        }
        return out;
    }

    /** The default partial-switch action: one line on stderr, then {@code Runtime.halt(70)}. */
    static void haltJvm(List<String> differences) {
        System.err.println("setuser: partial switch of user, halting (exit " + PARTIAL_SWITCH_EXIT + ") rather than run"
                + " half privileged: " + String.join("; ", differences));
        System.err.flush();
        Runtime.getRuntime().halt(PARTIAL_SWITCH_EXIT);
    }

    /** Credentials, processes and exec are required; {@link SetUser#using(Natives)} sets all three. */
    public static final class Builder {
        private Credentials credentials;
        private Processes processes;
        private Exec exec;
        private String setprivSearchPath = SETPRIV_SEARCH_PATH;
        private Consumer<List<String>> onPartialSwitch = SetUser::haltJvm;
        private ThreadIdentity threadIdentity;
        private Descriptors descriptors;
        private Natives natives;
        private Duration spawnerIdleTimeout = DEFAULT_SPAWNER_IDLE_TIMEOUT;
        private UserSpawner.Mode spawnerMode = UserSpawner.Mode.SWITCH_PER_SPAWN;

        private Builder() {
        }

        /**
         * Per-thread credentials and the descriptors to open redirected files with: what {@link #spawner} needs to
         * spawn on per-user threads. Without them it uses setpriv.
         */
        public Builder threadIdentity(ThreadIdentity threadIdentity, Descriptors descriptors) {
            this.threadIdentity = Objects.requireNonNull(threadIdentity, "threadIdentity");
            this.descriptors = Objects.requireNonNull(descriptors, "descriptors");
            return this;
        }

        /**
         * How long a per-user spawn thread waits for more work before it ends; zero ends it as soon as nothing is
         * queued (a thread per burst of spawns: the shortest time a thread of this JVM runs as the user). Default
         * {@link #DEFAULT_SPAWNER_IDLE_TIMEOUT}.
         */
        public Builder spawnerIdleTimeout(Duration timeout) {
            if (timeout.isNegative()) {
                throw new IllegalArgumentException("spawner idle timeout must not be negative, but was " + timeout);
            }
            this.spawnerIdleTimeout = timeout;
            return this;
        }

        /**
         * How {@link SetUser#spawner} starts children as other users when it is root and threads can switch alone
         * (otherwise it uses setpriv whatever this says). Default {@link UserSpawner.Mode#SWITCH_PER_SPAWN}: one
         * root thread switched around each spawn only. {@link UserSpawner.Mode#PER_THREAD} keeps a thread per user
         * switched for as long as it lives (the user's processes may signal the JVM and prlimit it through it the
         * whole time); {@link UserSpawner.Mode#SETPRIV} never lets a JVM thread run as the user.
         */
        public Builder spawnerMode(UserSpawner.Mode mode) {
            this.spawnerMode = Objects.requireNonNull(mode, "mode");
            return this;
        }

        /**
         * Credentials, processes and exec from {@code natives}, and, where {@link ThreadIdentity#supported()}, the
         * per-thread credentials and descriptors {@link SetUser#spawner} needs.
         */
        public Builder natives(Natives natives) {
            credentials(natives.credentials()).processes(natives.processes()).exec(natives.exec());
            this.natives = natives; // the rest is bound by the first spawner(): bin/setuser's exec needs none of it
            return this;
        }

        public Builder credentials(Credentials credentials) {
            this.credentials = Objects.requireNonNull(credentials, "credentials");
            return this;
        }

        public Builder processes(Processes processes) {
            this.processes = Objects.requireNonNull(processes, "processes");
            return this;
        }

        public Builder exec(Exec exec) {
            this.exec = Objects.requireNonNull(exec, "exec");
            return this;
        }

        /** Directories, ':'-separated, searched for {@code setpriv} and {@code env}; default {@link #SETPRIV_SEARCH_PATH}. */
        public Builder setprivSearchPath(String path) {
            if (path.isBlank()) {
                throw new IllegalArgumentException("setpriv search path must name at least one directory, but was '" + path + "'");
            }
            this.setprivSearchPath = path;
            return this;
        }

        /**
         * What happens after a partial switch, given one line per difference. The default prints them on stderr
         * and halts the JVM with {@link #PARTIAL_SWITCH_EXIT}. An action that returns does not let the caller go
         * on: the switch then throws {@link IllegalStateException}.
         */
        public Builder onPartialSwitch(Consumer<List<String>> action) {
            this.onPartialSwitch = Objects.requireNonNull(action, "action");
            return this;
        }

        /** @throws IllegalStateException naming what is missing */
        public SetUser build() {
            if (credentials == null || processes == null || exec == null) {
                throw new IllegalStateException("SetUser needs credentials, processes and exec: use SetUser.using(natives)"
                        + " or set all three");
            }
            return new SetUser(this);
        }
    }
}
