/**
 * The {@code temblor} command line: subcommand dispatch, argument parsing and exit codes. It calls into the engine
 * and library modules and holds no engine logic of its own.
 */
package io.temblor.engine.cli;
