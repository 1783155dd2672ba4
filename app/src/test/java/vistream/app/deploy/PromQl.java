package vistream.app.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The series selectors of a PromQL expression: each metric name it reads, with its label matchers.
 * Enough of PromQL for the expressions of deploy/ (functions, aggregations with {@code by} or
 * {@code without}, binary operators, ranges), not a full parser. A call of a function PromQL does
 * not have is an error, and any other word it does not know is taken for a metric, so that a
 * misspelling fails the checks either way.
 */
public final class PromQl {

    /** Words that are not metrics: followed by a label list, or operators. */
    private static final Set<String> GROUPINGS = Set.of("by", "without", "on", "ignoring", "group_left", "group_right");
    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset");
    /** PromQL's functions and aggregations (Prometheus 2.x). */
    private static final Set<String> FUNCTIONS = Set.of("abs", "absent", "absent_over_time", "acos", "acosh", "asin",
            "asinh", "atan", "atanh", "avg", "avg_over_time", "bottomk", "ceil", "changes", "clamp", "clamp_max",
            "clamp_min", "cos", "cosh", "count", "count_over_time", "count_values", "day_of_month", "day_of_week",
            "day_of_year", "days_in_month", "deg", "delta", "deriv", "exp", "floor", "group", "histogram_count",
            "histogram_fraction", "histogram_quantile", "histogram_stddev", "histogram_stdvar", "histogram_sum",
            "holt_winters", "hour", "idelta", "increase", "irate", "label_join", "label_replace", "last_over_time", "ln",
            "log10", "log2", "max", "max_over_time", "min", "min_over_time", "minute", "month", "pi", "predict_linear",
            "present_over_time", "quantile", "quantile_over_time", "rad", "rate", "resets", "round", "scalar", "sgn",
            "sin", "sinh", "sort", "sort_desc", "sqrt", "stddev", "stddev_over_time", "stdvar", "stdvar_over_time", "sum",
            "sum_over_time", "tan", "tanh", "time", "timestamp", "topk", "vector", "year");

    /**
     * One label matcher.
     *
     * @param label the label
     * @param op    {@code =}, {@code !=}, {@code =~} or {@code !~}
     * @param value the value or regular expression
     */
    public record Matcher(String label, String op, String value) {

        /** Whether a series whose label reads {@code actual} (empty when absent) is selected. */
        boolean matches(String actual) {
            return switch (op) {
                case "=" -> actual.equals(value);
                case "!=" -> !actual.equals(value);
                case "=~" -> actual.matches(value);
                case "!~" -> !actual.matches(value);
                default -> throw new IllegalArgumentException("matcher " + op);
            };
        }
    }

    /**
     * A metric read by an expression.
     *
     * @param name     the metric's name
     * @param matchers its label matchers, in order
     */
    public record Selector(String name, List<Matcher> matchers) {

        @Override
        public String toString() {
            StringBuilder s = new StringBuilder(name).append('{');
            for (Matcher m : matchers) {
                s.append(s.charAt(s.length() - 1) == '{' ? "" : ",").append(m.label()).append(m.op()).append('"')
                        .append(m.value()).append('"');
            }
            return s.append('}').toString();
        }
    }

    private PromQl() {
    }

    /**
     * The selectors of an expression.
     *
     * @param expr a PromQL expression
     * @return its selectors, in order
     * @throws IllegalArgumentException if it calls an unknown function, or has an unclosed string,
     *                                  range or matcher list
     */
    public static List<Selector> selectors(String expr) {
        List<Selector> found = new ArrayList<>();
        int i = 0;
        while (i < expr.length()) {
            char c = expr.charAt(i);
            if (c == '"' || c == '\'' || c == '`') {
                i = endOfString(expr, i) + 1;
            } else if (c == '[') {
                i = closing(expr, i, ']') + 1; // a range or subquery: durations and Grafana's $__ variables
            } else if (Character.isDigit(c) || c == '.') {
                while (i < expr.length() && (Character.isLetterOrDigit(expr.charAt(i)) || expr.charAt(i) == '.')) {
                    i++;
                }
            } else if (Character.isLetter(c) || c == '_' || c == ':') {
                int start = i;
                while (i < expr.length() && (Character.isLetterOrDigit(expr.charAt(i)) || "_:".indexOf(expr.charAt(i)) >= 0)) {
                    i++;
                }
                String word = expr.substring(start, i);
                int next = skipSpaces(expr, i);
                if (GROUPINGS.contains(word)) {
                    i = next < expr.length() && expr.charAt(next) == '(' ? closing(expr, next, ')') + 1 : next;
                } else if (KEYWORDS.contains(word) || FUNCTIONS.contains(word) && startsGrouping(expr, next)) {
                    i = next; // an operator, or an aggregation with its grouping first: sum by (x) (…)
                } else if (next < expr.length() && expr.charAt(next) == '(') {
                    if (!FUNCTIONS.contains(word)) {
                        throw new IllegalArgumentException("PromQL has no function " + word + ", in " + expr);
                    }
                    i = next; // its arguments are read on
                } else if (next < expr.length() && expr.charAt(next) == '{') {
                    int end = closing(expr, next, '}');
                    found.add(new Selector(word, matchers(expr.substring(next + 1, end))));
                    i = end + 1;
                } else {
                    found.add(new Selector(word, List.of()));
                }
            } else {
                i++;
            }
        }
        return found;
    }

    private static List<Matcher> matchers(String list) {
        List<Matcher> matchers = new ArrayList<>();
        java.util.regex.Matcher m = java.util.regex.Pattern
                .compile("\\s*([a-zA-Z_][a-zA-Z0-9_]*)\\s*(=~|!~|!=|=)\\s*\"((?:[^\"\\\\]|\\\\.)*)\"\\s*(,|$)").matcher(list);
        int at = 0;
        while (at < list.length() && m.find(at) && m.start() == at) {
            matchers.add(new Matcher(m.group(1), m.group(2), m.group(3).replace("\\\\", "\\")));
            at = m.end();
        }
        if (at < list.strip().length()) {
            throw new IllegalArgumentException("cannot read the matchers {" + list + "}");
        }
        return matchers;
    }

    private static int endOfString(String expr, int open) {
        char quote = expr.charAt(open);
        for (int i = open + 1; i < expr.length(); i++) {
            if (expr.charAt(i) == '\\' && quote != '`') {
                i++;
            } else if (expr.charAt(i) == quote) {
                return i;
            }
        }
        throw new IllegalArgumentException("unclosed string in " + expr);
    }

    /** The position of the bracket that closes the one at {@code open}, past strings inside. */
    private static int closing(String expr, int open, char close) {
        char opening = expr.charAt(open);
        int depth = 0;
        for (int i = open; i < expr.length(); i++) {
            char c = expr.charAt(i);
            if (c == '"' || c == '\'' || c == '`') {
                i = endOfString(expr, i);
            } else if (c == opening) {
                depth++;
            } else if (c == close && --depth == 0) {
                return i;
            }
        }
        throw new IllegalArgumentException("unclosed " + opening + " in " + expr);
    }

    /** Whether the word at {@code at} is {@code by} or {@code without}. */
    private static boolean startsGrouping(String expr, int at) {
        int end = at;
        while (end < expr.length() && (Character.isLetterOrDigit(expr.charAt(end)) || expr.charAt(end) == '_')) {
            end++;
        }
        String word = expr.substring(at, end);
        return word.equals("by") || word.equals("without");
    }

    private static int skipSpaces(String expr, int i) {
        while (i < expr.length() && Character.isWhitespace(expr.charAt(i))) {
            i++;
        }
        return i;
    }
}
