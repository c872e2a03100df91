package io.temblor.script.compile;

import io.temblor.script.runtime.FrameLayout;
import io.temblor.script.runtime.Node;
import io.temblor.script.runtime.ScriptInstance;
import io.temblor.script.value.Arena;

/**
 * A compiled script: the immutable executable tree, its top-level frame layout and its constant pool. Create one
 * {@link ScriptInstance} per thread that runs it. Immutable; any thread may call.
 */
public final class CompiledScript
{
    private final String source;
    private final Node body;
    private final FrameLayout layout;
    private final Arena constants;

    CompiledScript(final String source, final Node body, final FrameLayout layout, final Arena constants)
    {
        this.source = source;
        this.body = body;
        this.layout = layout;
        this.constants = constants;
    }

    /**
     * A new instance with its own arena and state ({@code state} starts null).
     *
     * @return the instance.
     */
    public ScriptInstance newInstance()
    {
        return new ScriptInstance(body, layout, constants);
    }

    /**
     * The source, for rendering errors.
     *
     * @return the source.
     */
    public String source()
    {
        return source;
    }
}
