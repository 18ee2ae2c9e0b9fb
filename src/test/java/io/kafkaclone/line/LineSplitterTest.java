package io.kafkaclone.line;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

class LineSplitterTest {
    private final List<String> lines = new ArrayList<>();
    private int tooLong;

    private LineSplitter splitter(int max) {
        return new LineSplitter(max, (array, start, end) -> lines.add(new String(array, start, end - start, StandardCharsets.UTF_8)),
                () -> tooLong++);
    }

    private static ByteBuf bytes(String s) {
        return Unpooled.wrappedBuffer(s.getBytes(StandardCharsets.UTF_8));
    }

    private static ByteBuf direct(String s) {
        return Unpooled.directBuffer().writeBytes(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void linesOfOneReadAreHandedOverInOrderWithoutTheirNewline() {
        LineSplitter s = splitter(100);
        s.handle(bytes("a\nbb\n\nccc\n"));
        assertThat(lines).containsExactly("a", "bb", "", "ccc");
        assertThat(tooLong).isZero();
    }

    @Test
    void aLineCutByTheEndOfAReadWaitsForItsNewline() {
        LineSplitter s = splitter(100);
        s.handle(bytes("{\"op\":"));
        assertThat(lines).isEmpty();
        s.handle(bytes("\"pi"));
        s.handle(bytes("ng\"}\nnext"));
        assertThat(lines).containsExactly("{\"op\":\"ping\"}");
        s.handle(bytes("\n"));
        assertThat(lines).containsExactly("{\"op\":\"ping\"}", "next");
    }

    @Test
    void aSliceOfALargerBufferIsReadFromItsOwnRangeOnly() {
        LineSplitter s = splitter(100);
        byte[] all = "xxxxone\ntwo\nyyyy".getBytes(StandardCharsets.US_ASCII);
        s.handle(Unpooled.wrappedBuffer(all, 4, 8));
        assertThat(lines).containsExactly("one", "two");
    }

    @Test
    void aDirectBufferIsReadToo() {
        LineSplitter s = splitter(100);
        byte[] all = "one\ntwo\n".getBytes(StandardCharsets.US_ASCII);
        s.handle(Unpooled.directBuffer().writeBytes(all));
        assertThat(lines).containsExactly("one", "two");
    }

    @Test
    void directReadsShareOneArrayYetALineCutBetweenThemKeepsItsStart() {
        LineSplitter s = splitter(100);
        s.handle(direct("first\nsec"));
        s.handle(direct("ond\nx")); // read into the same array as the read before: "sec" must have been kept aside
        s.handle(direct("\n"));
        assertThat(lines).containsExactly("first", "second", "x");
    }

    @Test
    void aCompleteLineOverTheLimitFailsOnceAndNothingAfterItIsRead() {
        LineSplitter s = splitter(5);
        s.handle(bytes("12345\n123456\nok\n"));
        assertThat(lines).containsExactly("12345");
        assertThat(tooLong).isEqualTo(1);
        s.handle(bytes("more\n"));
        assertThat(lines).containsExactly("12345");
        assertThat(tooLong).isEqualTo(1);
    }

    @Test
    void aLineStillWaitingForItsNewlineFailsAsSoonAsItPassesTheLimit() {
        LineSplitter s = splitter(5);
        s.handle(bytes("123"));
        assertThat(tooLong).isZero();
        s.handle(bytes("456"));
        assertThat(tooLong).isEqualTo(1);
        assertThat(lines).isEmpty();
    }

    @Test
    void aLongLineCutAcrossReadsIsWholeAndTheLinesAfterItToo() {
        LineSplitter s = splitter(1 << 20);
        String longLine = "y".repeat(200_000);
        s.handle(bytes(longLine.substring(0, 70_000)));
        s.handle(bytes(longLine.substring(70_000) + "\nab"));
        s.handle(bytes("c\nd"));
        s.handle(bytes("\n"));
        assertThat(lines).containsExactly(longLine, "abc", "d");
        assertThat(tooLong).isZero();
    }

    @Test
    void aLineCutAcrossReadsMayReachTheLimitExactly() {
        LineSplitter s = splitter(5);
        s.handle(bytes("12"));
        s.handle(bytes("345\n"));
        assertThat(lines).containsExactly("12345");
        assertThat(tooLong).isZero();
    }
}
