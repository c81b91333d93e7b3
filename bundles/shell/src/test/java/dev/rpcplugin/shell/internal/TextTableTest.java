package dev.rpcplugin.shell.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

class TextTableTest {

    @Test
    void columnsAreAsWideAsTheirWidestCellAndTwoSpacesApart() {
        TextTable table = new TextTable(List.of("A", "LONG HEADER", "C"));
        table.addRow(List.of("wide cell", "x", "last"));
        table.addRow(List.of("y", "z", "w"));

        assertThat(table.render()).isEqualTo(
                "A          LONG HEADER  C\n"
                        + "wide cell  x            last\n"
                        + "y          z            w\n");
    }

    @Test
    void linesHaveNoTrailingBlanks() {
        TextTable table = new TextTable(List.of("NAME", "LAST"));
        table.addRow(List.of("a", "x"));
        table.addRow(List.of("b", "a much wider value"));

        assertThat(table.render().lines()).allSatisfy(line -> assertThat(line).doesNotEndWith(" "));
    }

    @Test
    void emptyAndNullCellsPrintAsDash() {
        TextTable table = new TextTable(List.of("A", "B"));
        table.addRow(Arrays.asList(null, ""));

        assertThat(table.render()).isEqualTo("A  B\n-  -\n");
    }

    @Test
    void rejectsRowsOfTheWrongWidth() {
        TextTable table = new TextTable(List.of("A", "B"));

        assertThatThrownBy(() -> table.addRow(List.of("only one")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a row needs 2 cells, got 1: [only one]");
    }

    @Test
    void rejectsATableWithoutColumns() {
        assertThatThrownBy(() -> new TextTable(List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a table needs at least one column");
    }
}
