package io.sparkglm.spark.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Command-line flags of the form {@code --name value}, checked against the flags a command knows. Flags
 * listed as repeatable may occur several times; every other flag at most once. Switches (such as
 * {@code --overwrite}) take no value ({@code --overwrite=false} is allowed) and read as {@code true}. Values are
 * parsed by the typed getters, whose errors name the flag and the value.
 */
final class Arguments {
  private final Map<String, List<String>> values = new LinkedHashMap<>();

  private Arguments() {
  }

  /**
   * Parses {@code args}.
   *
   * @throws IllegalArgumentException for an unknown flag, a flag without a value, a repeated flag, or a
   *     stray positional argument
   */
  static Arguments parse(String[] args, int from, Set<String> known, Set<String> repeatable) {
    return parse(args, from, known, repeatable, Set.of());
  }

  /** {@link #parse(String[], int, Set, Set)} with the valueless flags {@code switches} (also in {@code known}). */
  static Arguments parse(String[] args, int from, Set<String> known, Set<String> repeatable, Set<String> switches) {
    Arguments a = new Arguments();
    for (int i = from; i < args.length; i++) {
      String flag = args[i];
      if (!flag.startsWith("--")) {
        throw new IllegalArgumentException("unexpected argument '" + flag + "' (flags look like --name value)");
      }
      String name = flag.substring(2);
      String inline = null;
      int eq = name.indexOf('=');
      if (eq >= 0) {
        inline = name.substring(eq + 1);
        name = name.substring(0, eq);
      }
      if (!known.contains(name)) {
        throw new IllegalArgumentException("unknown option --" + name + "; known options: --"
            + String.join(", --", new java.util.TreeSet<>(known)));
      }
      String value = inline;
      if (value == null && switches.contains(name)) {
        value = "true";
      } else if (value == null) {
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException("option --" + name + " needs a value");
        }
        value = args[++i];
      }
      List<String> list = a.values.computeIfAbsent(name, k -> new ArrayList<>());
      if (!list.isEmpty() && !repeatable.contains(name)) {
        throw new IllegalArgumentException("option --" + name + " is given twice");
      }
      list.add(value);
    }
    return a;
  }

  String string(String name, String fallback) {
    List<String> v = values.get(name);
    return v == null ? fallback : v.get(0);
  }

  String required(String name) {
    String v = string(name, null);
    if (v == null) {
      throw new IllegalArgumentException("option --" + name + " is required");
    }
    return v;
  }

  List<String> all(String name) {
    return values.getOrDefault(name, List.of());
  }

  double number(String name, double fallback) {
    String v = string(name, null);
    if (v == null) {
      return fallback;
    }
    try {
      return Double.parseDouble(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("option --" + name + " must be a number, got '" + v + "'");
    }
  }

  int integer(String name, int fallback) {
    String v = string(name, null);
    if (v == null) {
      return fallback;
    }
    try {
      return Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("option --" + name + " must be an integer, got '" + v + "'");
    }
  }

  boolean bool(String name, boolean fallback) {
    String v = string(name, null);
    if (v == null) {
      return fallback;
    }
    if (v.equalsIgnoreCase("true")) {
      return true;
    }
    if (v.equalsIgnoreCase("false")) {
      return false;
    }
    throw new IllegalArgumentException("option --" + name + " must be true or false, got '" + v + "'");
  }
}
