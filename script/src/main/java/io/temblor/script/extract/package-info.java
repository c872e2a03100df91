/**
 * Extractors ({@code re}, {@code rerg}, {@code glob}, {@code json}, {@code base64}, {@code kv}, {@code cidr},
 * {@code influx}, {@code datetime}, {@code grok}, {@code dissect}): tests on strings
 * used by match patterns ({@code ~}, {@code ~=}) that also return what they extracted. Depends on runtime, the
 * value model and {@code regex} (RE2/J for {@code glob} and {@code grok}).
 */
package io.temblor.script.extract;
