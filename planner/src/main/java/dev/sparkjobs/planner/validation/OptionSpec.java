package dev.sparkjobs.planner.validation;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/** One known {@code WITH} key and the form its value must have. */
public record OptionSpec(String name, Type type, List<String> choices)
{
    private static final Pattern BYTES = Pattern.compile("\\d+\\s*([kmgtp]i?b?|b)?", Pattern.CASE_INSENSITIVE);
    private static final Pattern SPARK_DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|min|h|d)", Pattern.CASE_INSENSITIVE);

    public enum Type
    {
        STRING, POSITIVE_INTEGER, NON_NEGATIVE_INTEGER, BYTES, DURATION, BOOLEAN, CHOICE
    }

    public OptionSpec
    {
        requireNonNull(name, "name is null");
        requireNonNull(type, "type is null");
        choices = List.copyOf(choices);
        if ((type == Type.CHOICE) == choices.isEmpty()) {
            throw new IllegalArgumentException("choices go with CHOICE options only: " + name);
        }
    }

    static OptionSpec of(String name, Type type)
    {
        return new OptionSpec(name, type, List.of());
    }

    static OptionSpec choice(String name, String... choices)
    {
        return new OptionSpec(name, Type.CHOICE, List.of(choices));
    }

    /** Why {@code value} does not fit this option, or empty when it does. */
    public Optional<String> problem(String value)
    {
        String text = value.trim();
        return switch (type) {
            case STRING -> text.isEmpty() ? Optional.of("must not be empty") : Optional.empty();
            case POSITIVE_INTEGER -> integer(text).filter(n -> n > 0).isPresent() ? Optional.empty() : Optional.of("must be a whole number above 0");
            case NON_NEGATIVE_INTEGER -> integer(text).filter(n -> n >= 0).isPresent() ? Optional.empty() : Optional.of("must be a whole number, 0 or more");
            case BYTES -> BYTES.matcher(text).matches() ? Optional.empty() : Optional.of("must be a size such as 512m, 8g or 1024");
            case DURATION -> duration(text).filter(d -> d.compareTo(Duration.ZERO) > 0).isPresent()
                    ? Optional.empty() : Optional.of("must be a positive duration such as 500ms, 30s, 15m, 8h or 2d");
            case BOOLEAN -> text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false") ? Optional.empty() : Optional.of("must be true or false");
            case CHOICE -> choices.stream().anyMatch(choice -> choice.equalsIgnoreCase(text))
                    ? Optional.empty() : Optional.of("must be one of " + String.join(", ", choices));
        };
    }

    static Optional<Long> integer(String text)
    {
        try {
            return Optional.of(Long.parseLong(text));
        }
        catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Spark's duration form ({@code 500ms}, {@code 30s}, {@code 15m}, {@code 8h}, {@code 2d}) or ISO-8601. */
    public static Optional<Duration> duration(String text)
    {
        String value = text.trim();
        if (value.toUpperCase(Locale.ROOT).startsWith("P")) {
            try {
                return Optional.of(Duration.parse(value.toUpperCase(Locale.ROOT)));
            }
            catch (DateTimeParseException e) {
                return Optional.empty();
            }
        }
        var matcher = SPARK_DURATION.matcher(value);
        if (!matcher.matches()) {
            return Optional.empty();
        }
        long amount;
        try {
            amount = Long.parseLong(matcher.group(1));
        }
        catch (NumberFormatException e) {
            return Optional.empty();
        }
        return Optional.of(switch (matcher.group(2).toLowerCase(Locale.ROOT)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m", "min" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofDays(amount);
        });
    }
}
