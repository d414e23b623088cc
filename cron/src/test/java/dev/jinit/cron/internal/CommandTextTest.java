package dev.jinit.cron.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** '%' in a crontab command: the first unescaped one ends the command, the rest is standard input. */
class CommandTextTest {

    // Java string literals: "\\" is one backslash in the crontab.
    static Stream<Arguments> examples() {
        return Stream.of(
                // raw, command, input
                Arguments.of("echo hi", "echo hi", ""),
                Arguments.of("date +%s", "date +", "s\n"),
                Arguments.of("date +\\%s", "date +%s", ""),
                Arguments.of("date +\\%Y-\\%m-\\%d", "date +%Y-%m-%d", ""),
                Arguments.of("mail -s hi root%line 1%line 2", "mail -s hi root", "line 1\nline 2\n"),
                Arguments.of("cat%a%", "cat", "a\n"),
                Arguments.of("cat%", "cat", ""),
                Arguments.of("cat%%", "cat", "\n"),
                Arguments.of("cat%50\\% off", "cat", "50% off\n"),
                Arguments.of("cat%a\\b", "cat", "a\\b\n"),
                Arguments.of("cat%a\\\\b", "cat", "a\\\\b\n"),
                Arguments.of("cat%a\\\\%b", "cat", "a\\%b\n"),
                Arguments.of("cat%end\\", "cat", "end\\\n"),
                // Debian's quirk, kept: a lone trailing backslash is written but asks for no newline
                Arguments.of("cat%\\", "cat", "\\"),
                Arguments.of("echo a\\\\b", "echo a\\b", ""),
                Arguments.of("echo a\\\\%rest", "echo a\\", "rest\n"),
                Arguments.of("echo a\\b\\n", "echo a\\b\\n", ""),
                Arguments.of("echo 100\\\\\\%", "echo 100\\%", ""),
                Arguments.of("%only input", "", "only input\n"),
                Arguments.of("echo # not a comment % x", "echo # not a comment ", " x\n"),
                Arguments.of("echo trailing\\", "echo trailing\\", ""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void splitsAtTheFirstUnescapedPercent(String raw, String command, String input) {
        CommandText t = CommandText.split(raw);
        assertEquals(command, t.command());
        assertEquals(input, t.input());
    }
}
