/**
 * Replay of captured traffic: reading a capture's records, pacing them against a start instant, and handing them to a
 * flow's replayed connectors or to a network target, with the end summary and the comparison with expected output.
 * Depends on the runtime's public replay plan, the offheap journal and the transport; nothing depends on it but the
 * CLI.
 */
package io.temblor.engine.replay;
