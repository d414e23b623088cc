package dev.jinit.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SpawnSpecTest {
    @Test
    void rejectsAnEmptyCommand() {
        assertThrows(IllegalArgumentException.class, () -> SpawnSpec.builder().build());
        assertThrows(IllegalArgumentException.class, () -> SpawnSpec.builder("").build());
    }

    @Test
    void extraFdsMustBeAboveStdioAndNotCollide() {
        assertThrows(IllegalArgumentException.class, () -> SpawnSpec.builder("x").passFd(2, 7).build());
        assertThrows(IllegalArgumentException.class, () -> SpawnSpec.builder("x").passFd(3, 4).passFd(4, 9).build());
        assertEquals(Map.of(3, 3), SpawnSpec.builder("x").passFd(3, 3).build().extraFds());
    }

    @Test
    void environmentIsExplicitAndSorted() {
        SpawnSpec s = SpawnSpec.builder("x").environment(Map.of("B", "2", "A", "1")).build();
        assertEquals(List.of("A=1", "B=2"), s.environmentStrings());
        assertThrows(IllegalArgumentException.class, () -> SpawnSpec.builder("x").env("A=B", "1"));
    }
}
