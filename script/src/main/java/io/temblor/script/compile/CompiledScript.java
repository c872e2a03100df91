package io.temblor.script.compile;

import io.temblor.script.runtime.FrameLayout;
import io.temblor.script.runtime.Node;
import io.temblor.script.runtime.ScriptInstance;
import io.temblor.script.value.Arena;

import java.util.List;

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
    private final List<Warning> warnings;

    CompiledScript(final String source, final Node body, final FrameLayout layout, final Arena constants,
        final List<Warning> warnings)
    {
        this.warnings = List.copyOf(warnings);
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
     * The compile warnings, in source order of discovery.
     *
     * @return the warnings.
     */
    public List<Warning> warnings()
    {
        return warnings;
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
