package io.temblor.engine.codec;

import java.util.Map;

/** Builds codecs by Tremor's names ({@code docs/codecs.md} lists them). Any thread may call. */
public final class Codecs
{
    private Codecs()
    {
    }

    /**
     * A new codec instance.
     *
     * @param name Tremor's codec name: {@code json} (config {@code mode}: {@code sorted} or {@code unsorted}, the
     *     default), {@code string}, {@code binary}, {@code influx}, {@code msgpack}, {@code statsd}, {@code dogstatsd},
     *     {@code csv}, {@code syslog}, {@code yaml}.
     * @param config the codec's config (may be null or empty).
     * @return the codec (single-threaded).
     * @throws IllegalArgumentException for an unknown name or a bad config (a deployment error, not an event's).
     */
    public static Codec create(final String name, final Map<String, ?> config)
    {
        final Map<String, ?> c = config == null ? Map.of() : config;
        return switch (name)
        {
            case "json" ->
            {
                final Object mode = c.get("mode");
                if (mode == null || "unsorted".equals(mode))
                {
                    yield new JsonCodec(false);
                }
                if ("sorted".equals(mode))
                {
                    yield new JsonCodec(true);
                }
                throw new IllegalArgumentException("Unknown json codec mode: " + mode +
                    ", can only be one of `sorted` or `unsorted`");
            }
            case "string" -> new StringCodec(false);
            case "binary" -> new StringCodec(true);
            case "influx" -> new InfluxCodec();
            case "msgpack" -> new MsgPackCodec();
            case "statsd" -> new StatsdCodec();
            case "dogstatsd" -> new DogStatsdCodec();
            case "csv" -> new CsvCodec();
            case "syslog" -> new SyslogCodec();
            case "yaml" -> new YamlCodec();
            default -> throw new IllegalArgumentException("Codec '" + name + "' not found.");
        };
    }

    /**
     * A new codec with its default config.
     *
     * @param name Tremor's codec name.
     * @return the codec.
     */
    public static Codec create(final String name)
    {
        return create(name, null);
    }
}
