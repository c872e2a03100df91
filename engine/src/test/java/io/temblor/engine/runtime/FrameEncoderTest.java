package io.temblor.engine.runtime;

import io.temblor.engine.codec.Codecs;
import io.temblor.engine.pipeline.Pipeline;
import io.temblor.offheap.EventRing;
import io.temblor.script.compile.QueryCompiler;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Sinks encode a binary frame (the raw bytes of one binary value) as Tremor's codecs encode a binary: the bytes as they
 * are (binary), base64 in a JSON string (json, and no codec), an array of byte values (string, as serde writes bytes),
 * msgpack's bin type; JSON frames are encoded as before.
 */
class FrameEncoderTest
{
    private static final byte[] BYTES = {(byte)0xff, 0, (byte)0xc3, 0x28, 10};

    private static byte[] encode(final String codec, final int type, final byte[] frame, final int suffix)
    {
        try (FrameEncoder encoder = new FrameEncoder(null == codec ? null : Codecs.create(codec, Map.of())))
        {
            final int n = encoder.encode(type, MemorySegment.ofArray(frame), 0, frame.length, suffix);
            assertTrue(n >= 0, encoder.errorMessage());
            return Arrays.copyOf(encoder.bytes(), n);
        }
    }

    private static String text(final byte[] bytes)
    {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static final int BINARY_OUT = PipelineAgent.OUT | PipelineAgent.BINARY;

    @Test
    void shouldWriteTheBytesAsTheyAreWithTheBinaryCodec()
    {
        assertArrayEquals(BYTES, encode("binary", BINARY_OUT, BYTES, -1));
        final byte[] withNewline = Arrays.copyOf(BYTES, BYTES.length + 1);
        withNewline[BYTES.length] = '\n';
        assertArrayEquals(withNewline, encode("binary", BINARY_OUT, BYTES, '\n'));
    }

    @Test
    void shouldWriteBase64InAJsonStringWithTheJsonCodecAndWithoutCodec()
    {
        assertEquals("\"/wDDKAo=\"", text(encode("json", BINARY_OUT, BYTES, -1)));
        assertEquals("\"/wDDKAo=\"\n", text(encode(null, BINARY_OUT, BYTES, '\n')));
        assertEquals("\"AQID\"", text(encode(null, BINARY_OUT, new byte[] {1, 2, 3}, -1)));
        assertEquals("\"AQ==\"", text(encode(null, BINARY_OUT, new byte[] {1}, -1)));
        assertEquals("\"AQI=\"", text(encode("json", BINARY_OUT, new byte[] {1, 2}, -1)));
        assertEquals("\"\"", text(encode("json", BINARY_OUT, new byte[0], -1)));
        assertEquals("\"AQID\"", text(encode("json", PipelineAgent.ERR | PipelineAgent.BINARY, new byte[] {1, 2, 3}, -1)));
    }

    @Test
    void shouldWriteAnArrayOfByteValuesWithTheStringCodecAsSerdeDoes()
    {
        assertEquals("[255,0,195,40,10]", text(encode("string", BINARY_OUT, BYTES, -1)));
    }

    @Test
    void shouldWriteMsgpackBin()
    {
        final byte[] expected = new byte[2 + BYTES.length];
        expected[0] = (byte)0xc4;
        expected[1] = (byte)BYTES.length;
        System.arraycopy(BYTES, 0, expected, 2, BYTES.length);
        assertArrayEquals(expected, encode("msgpack", BINARY_OUT, BYTES, -1));
    }

    @Test
    void shouldEncodeJsonFramesAsBefore()
    {
        final byte[] frame = "{\"a\":[1,\"x\"]}".getBytes(StandardCharsets.UTF_8);
        assertEquals("{\"a\":[1,\"x\"]}", text(encode("json", PipelineAgent.OUT, frame, -1)));
        assertEquals("{\"a\":[1,\"x\"]}\n", text(encode(null, PipelineAgent.OUT, frame, '\n')));
        assertEquals("{\"a\":[1,\"x\"]}", text(encode("binary", PipelineAgent.OUT, frame, -1)));
        final byte[] string = "\"abc\"".getBytes(StandardCharsets.UTF_8);
        assertEquals("abc", text(encode("binary", PipelineAgent.OUT, string, -1)));
    }

    @Test
    void shouldEncodeABinaryAScriptBuiltInAWriterSink()
    {
        // given: a pipeline that turns every event into <<1, 2, 3>>, feeding writers with the binary and json codecs
        final EventRing in = new EventRing(1 << 12);
        final EventRing out = new EventRing(1 << 12);
        final PipelineAgent agent = new PipelineAgent("pipeline", new Pipeline(QueryCompiler.compile(
            "select <<1, 2, 3>> from in into out;", List.of(), name -> null)), in, out, 16);
        final ByteArrayOutputStream binary = new ByteArrayOutputStream();
        final ByteArrayOutputStream json = new ByteArrayOutputStream();
        final Connectors.Writer binaryWriter = new Connectors.Writer("binary", new EventRing[] {out}, binary,
            Codecs.create("binary", Map.of()));
        final byte[] event = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);
        assertTrue(in.offer(PipelineAgent.OUT, 0, 0, MemorySegment.ofArray(event), 0, event.length));
        assertTrue(in.offer(PipelineAgent.OUT, 0, 1, MemorySegment.ofArray(event), 0, event.length));

        // when
        while (agent.doWork() > 0)
        {
            // run until idle
        }
        final EventRing copy = new EventRing(1 << 12);
        out.poll((type, ingestNs, id, memory, offset, length) ->
        {
            assertEquals(PipelineAgent.OUT | PipelineAgent.BINARY, type);
            copy.offer(type, ingestNs, id, memory, offset, length);
            binaryWriter.onFrame(type, ingestNs, id, memory, offset, length);
        }, 10);
        final Connectors.Writer jsonWriter = new Connectors.Writer("json", new EventRing[] {copy}, json,
            Codecs.create("json", Map.of()));
        jsonWriter.doWork();

        // then: one event per line: the bytes, and their base64 in a JSON string
        assertArrayEquals(new byte[] {1, 2, 3, '\n', 1, 2, 3, '\n'}, binary.toByteArray());
        assertEquals("\"AQID\"\n\"AQID\"\n", json.toString(StandardCharsets.UTF_8));
        assertEquals(0, binaryWriter.failed(), binaryWriter.lastFailure());
        assertEquals(0, jsonWriter.failed(), jsonWriter.lastFailure());
        agent.onClose();
        binaryWriter.onClose();
        jsonWriter.onClose();
    }
}
