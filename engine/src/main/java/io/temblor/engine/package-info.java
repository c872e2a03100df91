/**
 * The engine: composes parser, interpreter, pipelines and transport into the daemon, and owns the command line.
 * May depend on every library module; nothing depends on it but bench.
 */
package io.temblor.engine;
