package dev.jinit.cron.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jinit.cron.internal.EnvironmentLine.Assignment;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Vixie's load_env state machine: what is an assignment and what it assigns. */
class EnvironmentLineTest {

    @ParameterizedTest(name = "<{0}> sets {1}=<{2}>")
    @CsvSource(delimiter = '|', quoteCharacter = '`', emptyValue = "", value = {
            "SHELL=/bin/bash            | SHELL   | /bin/bash",
            "FOO = bar                  | FOO     | bar",
            "FOO\t=\tbar                | FOO     | bar",
            "FOO =bar                   | FOO     | bar",
            "FOO= bar baz               | FOO     | bar baz",
            "`FOO = bar   `             | FOO     | bar",
            "MAILTO=\"\"                | MAILTO  | ",
            "MAILTO=''                  | MAILTO  | ",
            "`A=\"  spaced  \"`         | A       | `  spaced  `",
            "`A='x'   `                 | A       | x",
            "A=x\"y\"                   | A       | x\"y\"",
            "`\"A B\"=1`                | A B     | 1",
            "`'A'=1`                    | A       | 1",
            "PATH=$HOME/bin:$PATH       | PATH    | $HOME/bin:$PATH",
            "A=b # not a comment        | A       | b # not a comment",
            "A==b                       | A       | =b",
            "CRON_TZ=Europe/Berlin      | CRON_TZ | Europe/Berlin",
            "=x                         |         | x",
    })
    void recognisesAssignments(String line, String name, String value) {
        // CsvSource gives null for an empty column
        assertEquals(Optional.of(new Assignment(name == null ? "" : name, value == null ? "" : value)),
                EnvironmentLine.parse(line));
    }

    @ParameterizedTest(name = "<{0}> is a job line")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "MAILTO=",
            "`MAILTO =  `",
            "A=\"x",
            "A='x\"",
            "`A=\"x\" y`",
            "`\"A=B\"=1`",
            "`\"A B=1`",
            "A",
            "A b=c",
            "0 * * * * root echo a=b",
            "*/5 * * * * FOO=bar cmd",
            "@daily X=1 cmd",
    })
    void leavesEverythingElseToTheJobParser(String line) {
        assertEquals(Optional.empty(), EnvironmentLine.parse(line));
    }
}
