package dev.jinit.supervisor.runit;

/**
 * The text of {@code supervise/stat}, as runsv's {@code update_status} writes it: {@code down}, {@code run} or
 * {@code finish}; then {@code ", paused"} when paused; {@code ", got TERM"} when the stop signal was sent; then, only
 * when the state is not down, {@code ", want down"} or {@code ", want exit"} (nothing for want up); then a newline.
 *
 * <p>{@code sv} never reads it; scripts do. Stateless and thread-safe.
 */
public final class StatFile {
    private StatFile() {
    }

    /** The whole file, newline included. */
    public static String text(SuperviseStatus status) {
        StringBuilder sb = new StringBuilder(status.state().word());
        if (status.paused()) {
            sb.append(", paused");
        }
        if (status.termSent()) {
            sb.append(", got TERM");
        }
        if (status.state() != RunState.DOWN) {
            switch (status.want()) {
                case DOWN -> sb.append(", want down");
                case EXIT -> sb.append(", want exit");
                case UP -> {
                }
            }
        }
        return sb.append('\n').toString();
    }
}
