package io.temblor.engine.codec;

import io.temblor.offheap.ByteSink;
import io.temblor.script.value.ValueContext;
import io.temblor.script.value.ValueDescriptor;
import io.temblor.script.value.Values;
import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.common.FlowStyle;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.schema.CoreSchema;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Tremor's {@code yaml} codec: decode reads one YAML document (the YAML 1.2 core schema, as serde_yaml; more than one
 * document, an alias cycle or a collection used as a key is an error) into a value, encode writes a value as a block
 * style YAML document without a {@code ---} marker (e.g. {@code snot: badger\n}). Built on snakeyaml-engine, which
 * builds Java objects in between: this codec allocates per event and is not meant for hot paths. Scalar keys become
 * strings, integers beyond u64 become floats, {@code !!binary} becomes binary, and binary encodes as {@code !!binary}.
 * The text can differ from serde_yaml's in quoting style; it reads back to the same value.
 */
final class YamlCodec extends AbstractCodec
{
    private static final BigInteger U64_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);
    private static final int MAX_DEPTH = 1024;

    private final LoadSettings loadSettings = LoadSettings.builder().setSchema(new CoreSchema())
        .setAllowDuplicateKeys(true).setMaxAliasesForCollections(64).setCodePointLimit(Integer.MAX_VALUE).build();
    private final Dump dump = new Dump(DumpSettings.builder().setSchema(new CoreSchema())
        .setDefaultFlowStyle(FlowStyle.BLOCK).setWidth(Integer.MAX_VALUE).setSplitLines(false).build());
    private final long[] t = new long[2];
    private long[] regs = new long[8 * 16];

    @Override
    public String name()
    {
        return "yaml";
    }

    @Override
    public int decode(final ValueContext ctx, final byte[] data, final int offset, final int length, final long ingestNs,
        final long[] out, final int at)
    {
        if (checkText(data, offset, length) != OK)
        {
            return ERROR;
        }
        final Object doc;
        try
        {
            doc = new Load(loadSettings).loadFromString(new String(data, offset, length, StandardCharsets.UTF_8));
        }
        catch (final YamlEngineException | IllegalArgumentException | IllegalStateException e)
        {
            return fail("invalid yaml: " + oneLine(e.getMessage()), -1);
        }
        catch (final StackOverflowError e)
        {
            return fail("invalid yaml: nesting too deep", -1);
        }
        final String error = build(ctx, doc, 0);
        if (error != null)
        {
            return fail("invalid yaml: " + error, -1);
        }
        out[at] = regs[0];
        out[at + 1] = regs[1];
        return ok();
    }

    private static String oneLine(final String message)
    {
        return message == null ? "parse error" : message.replace('\n', ' ').trim();
    }

    /** Builds the value of a loaded object into {@code regs[level * 8]}; returns an error or null. */
    private String build(final ValueContext ctx, final Object o, final int level)
    {
        if (level >= MAX_DEPTH)
        {
            return "nesting too deep";
        }
        final int r = level * 8;
        if (regs.length < r + 16)
        {
            regs = Arrays.copyOf(regs, regs.length * 2);
        }
        switch (o)
        {
            case null ->
            {
                regs[r] = Values.NULL;
                regs[r + 1] = 0;
            }
            case Boolean b ->
            {
                regs[r] = Values.BOOL;
                regs[r + 1] = b ? 1 : 0;
            }
            case Integer i ->
            {
                regs[r] = Values.INT;
                regs[r + 1] = i;
            }
            case Long l ->
            {
                regs[r] = Values.INT;
                regs[r + 1] = l;
            }
            case BigInteger big ->
            {
                if (big.signum() >= 0 && big.compareTo(U64_MAX) <= 0)
                {
                    regs[r] = Values.unsignedHandle(big.longValue());
                    regs[r + 1] = big.longValue();
                }
                else if (big.bitLength() < 64)
                {
                    regs[r] = Values.INT;
                    regs[r + 1] = big.longValue();
                }
                else
                {
                    regs[r] = Values.FLOAT;
                    regs[r + 1] = Values.bits(big.doubleValue());
                }
            }
            case Number n ->
            {
                regs[r] = Values.FLOAT;
                regs[r + 1] = Values.bits(n.doubleValue());
            }
            case String s -> ctx.newString(s, regs, r);
            case byte[] bytes -> ctx.newBinary(bytes, 0, bytes.length, regs, r);
            case Map<?, ?> map ->
            {
                ctx.newRecord(map.size(), regs, r + 2);
                for (final Map.Entry<?, ?> e : map.entrySet())
                {
                    final Object k = e.getKey();
                    if (k instanceof Map || k instanceof Collection || k instanceof byte[])
                    {
                        return "a map key must be a scalar, got " + describe(k);
                    }
                    ctx.newString(String.valueOf(k), regs, r + 4);
                    final String error = build(ctx, e.getValue(), level + 1);
                    if (error != null)
                    {
                        return error;
                    }
                    ctx.put(regs[r + 2], regs[r + 4], regs[r + 8], regs[r + 9], regs, r + 2);
                }
                regs[r] = regs[r + 2];
                regs[r + 1] = 0;
            }
            case Collection<?> list ->
            {
                ctx.newArray(list.size(), regs, r + 2);
                for (final Object item : list)
                {
                    final String error = build(ctx, item, level + 1);
                    if (error != null)
                    {
                        return error;
                    }
                    ctx.push(regs[r + 2], regs[r + 8], regs[r + 9], regs, r + 2);
                }
                regs[r] = regs[r + 2];
                regs[r + 1] = 0;
            }
            default -> ctx.newString(String.valueOf(o), regs, r);
        }
        return null;
    }

    private static String describe(final Object o)
    {
        return o instanceof Map ? "a map" : o instanceof Collection ? "a sequence" : "binary";
    }

    @Override
    public int encode(final ValueContext ctx, final long handle, final long bits, final ByteSink sink)
    {
        final String text;
        try
        {
            text = dump.dumpToString(toJava(ctx, handle, bits, 0));
        }
        catch (final YamlEngineException | IllegalArgumentException e)
        {
            return fail("cannot encode as yaml: " + oneLine(e.getMessage()), -1);
        }
        final byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        sink.write(bytes, 0, bytes.length);
        return ok();
    }

    private Object toJava(final ValueContext ctx, final long handle, final long bits, final int depth)
    {
        if (depth >= MAX_DEPTH)
        {
            throw new IllegalArgumentException("nesting too deep");
        }
        return switch (Values.type(handle))
        {
            case ValueDescriptor.TYPE_NULL -> null;
            case ValueDescriptor.TYPE_BOOL -> bits != 0;
            case ValueDescriptor.TYPE_INT -> bits;
            case ValueDescriptor.TYPE_UINT -> bits >= 0 ? (Object)bits : new BigInteger(Long.toUnsignedString(bits));
            case ValueDescriptor.TYPE_FLOAT -> Values.doubleValue(bits);
            case ValueDescriptor.TYPE_STRING -> text(ctx, handle);
            case ValueDescriptor.TYPE_BINARY ->
            {
                final byte[] b = new byte[ctx.stringLength(handle)];
                ctx.stringBytes(handle, b, 0);
                yield b;
            }
            case ValueDescriptor.TYPE_ARRAY ->
            {
                final List<Object> list = new ArrayList<>(ctx.length(handle));
                for (int p = ctx.first(handle); p >= 0; p = ctx.next(handle, p))
                {
                    ctx.entryValue(handle, p, t, 0);
                    list.add(toJava(ctx, t[0], t[1], depth + 1));
                }
                yield list;
            }
            case ValueDescriptor.TYPE_RECORD ->
            {
                final Map<String, Object> map = new LinkedHashMap<>();
                for (int p = ctx.first(handle); p >= 0; p = ctx.next(handle, p))
                {
                    ctx.entryKey(handle, p, t, 0);
                    final String key = text(ctx, t[0]);
                    ctx.entryValue(handle, p, t, 0);
                    map.put(key, toJava(ctx, t[0], t[1], depth + 1));
                }
                yield map;
            }
            default -> throw new IllegalArgumentException("unknown value type " + Values.type(handle));
        };
    }

    private static String text(final ValueContext ctx, final long handle)
    {
        final byte[] b = new byte[ctx.stringLength(handle)];
        ctx.stringBytes(handle, b, 0);
        return new String(b, StandardCharsets.UTF_8);
    }
}
