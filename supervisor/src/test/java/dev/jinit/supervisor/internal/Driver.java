package dev.jinit.supervisor.internal;

import dev.jinit.core.ExitStatus;
import java.time.Instant;
import java.time.InstantSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A test driver: holds one machine's state and a fake clock, feeds events at the clock's time and keeps every
 * action. It executes nothing by itself; tests report spawns and exits explicitly.
 */
final class Driver {
    /** A clock the test moves by hand. */
    static final class FakeClock implements InstantSource {
        private Instant now;

        FakeClock(Instant start) {
            this.now = start;
        }

        @Override
        public Instant instant() {
            return now;
        }

        void set(Instant t) {
            if (t.isBefore(now)) {
                throw new IllegalArgumentException("the fake clock does not go back: " + t + " < " + now);
            }
            now = t;
        }

        void advance(Duration d) {
            set(now.plus(d));
        }
    }

    final ServiceMachine machine;
    final FakeClock clock;
    ServiceState state;
    List<Action> last = List.of();
    final List<Action> all = new ArrayList<>();

    private Driver(ServiceMachine machine, FakeClock clock) {
        this.machine = machine;
        this.clock = clock;
    }

    static Driver begin(MachineConfig config, boolean downFile, Instant at) {
        Driver d = new Driver(new ServiceMachine(config), new FakeClock(at));
        Transition t = d.machine.begin(downFile, at);
        d.record(t);
        return d;
    }

    private void record(Transition t) {
        state = t.state();
        last = t.actions();
        all.addAll(t.actions());
    }

    Driver feed(Event e) {
        record(machine.transition(state, e, clock.instant()));
        return this;
    }

    Driver at(Instant t) {
        clock.set(t);
        return this;
    }

    Driver at(String secondsAfterT0) {
        return at(Describe.at(secondsAfterT0));
    }

    Driver control(char c) {
        return feed(Event.Control.of(c));
    }

    Driver spawned(long pid) {
        return feed(new Event.Spawned(pid));
    }

    Driver exited(long pid, ExitStatus status, boolean finish) {
        return feed(new Event.Exited(pid, status, finish));
    }

    String lastActions() {
        return Describe.actions(last);
    }

    String describe() {
        return Describe.state(state);
    }
}
