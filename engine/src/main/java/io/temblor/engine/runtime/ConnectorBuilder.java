package io.temblor.engine.runtime;

/**
 * Builds the agents of one connector type from a {@link ConnectorContext}: the sources, sinks, transports and codec
 * agents it needs, registered with the context so the runtime runs, drains and reports them. Builders are listed in
 * {@link ConnectorRegistry}.
 */
@FunctionalInterface
interface ConnectorBuilder
{
    /**
     * Builds a connector.
     *
     * @param ctx its configuration and the rings of its ports.
     * @throws io.temblor.script.error.CompileError when its configuration is not valid ({@link ConnectorContext#error}).
     */
    void build(ConnectorContext ctx);
}
