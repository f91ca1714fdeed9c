package dev.forja.engine.plan.generated;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.forja.engine.model.Description;
import dev.forja.engine.model.Forma;
import dev.forja.engine.model.Resource;
import dev.forja.engine.model.ResourceKey;
import dev.forja.engine.model.ResourceRef;
import dev.forja.engine.model.Stack;
import dev.forja.engine.model.Target;
import dev.forja.engine.schema.EdgeKind;
import dev.forja.engine.schema.FieldHint;
import dev.forja.engine.schema.ResourceTypeSchema;
import dev.forja.engine.schema.SchemaRegistry;
import dev.forja.engine.schema.TypeEdge;
import dev.forja.engine.schema.UpdateMethod;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

/**
 * A random forma whose resources depend only on earlier ones, so its dependencies form a DAG, and
 * the dependencies it was built with, so that a test can check a plan against them without asking
 * the planner.
 *
 * <p>Dependencies come two ways: {@code $res} references (in top-level, list and nested properties,
 * across stacks too), and literal values that a {@link TypeEdge} matches: a {@link #RECORD}'s
 * {@code ZoneId} names a {@link #ZONE}'s {@code Name}, a {@link #PROFILE}'s {@code Roles} name
 * {@link #ROLE}s' {@code Name}s. Some literals name nothing, and must give no edge. Optionally,
 * some names are held by two resources, and a literal naming one depends on both.
 */
public final class RandomForma {
  /** No CreateOnly field, no edge. */
  public static final String PLAIN = "Gen::Plain";

  /** CreateOnly {@code Immutable} and {@code Anchor}. */
  public static final String SEALED = "Gen::Sealed";

  /** A parent: records name it by its {@code Name}. */
  public static final String ZONE = "Gen::Zone";

  /** A child: CreateOnly {@code ZoneId} names a zone's {@code Name} (PARENT edge). */
  public static final String RECORD = "Gen::Record";

  /** Attached to: profiles name it by its {@code Name}. */
  public static final String ROLE = "Gen::Role";

  /** Mutable set {@code Roles} names roles' {@code Name}s (ATTACHES_TO edge). */
  public static final String PROFILE = "Gen::Profile";

  /** The target every resource lives on. */
  public static final String TARGET = "gen-target";

  private static final List<String> TYPES = List.of(PLAIN, SEALED, ZONE, RECORD, ROLE, PROFILE);
  private static final List<String> STACKS = List.of("stack-a", "stack-b", "stack-c");
  private static final List<String> REF_FIELDS = List.of("Anchor", "Link", "Links", "Nested");
  private static final List<String> REF_PROPERTIES =
      List.of("Id", "Arn", "Name", "/Outputs/Endpoint");
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /**
   * One thing a resource depends on.
   *
   * @param on the index of the resource depended on; always lower than the dependent's
   * @param property the dependent's top-level property that holds the reference or literal
   * @param edge true for a literal a {@link TypeEdge} matches, false for a {@code $res}
   */
  public record Dependency(int on, String property, boolean edge) {}

  /**
   * A changed copy of the forma.
   *
   * @param forma the forma with the changes
   * @param mutable the resources whose non-CreateOnly {@code Mutable} property changed
   * @param createOnly the resource whose CreateOnly {@code Immutable} property changed, or -1 when
   *     the forma holds no type with one
   */
  public record Mutation(Forma forma, Set<Integer> mutable, int createOnly) {}

  private final long seed;
  private final Forma forma;
  private final List<List<Dependency>> dependencies;
  private final Map<ResourceKey, Integer> indexOf;

  private RandomForma(long seed, Forma forma, List<List<Dependency>> dependencies) {
    this.seed = seed;
    this.forma = forma;
    this.dependencies = dependencies;
    Map<ResourceKey, Integer> m = new HashMap<>();
    for (int i = 0; i < forma.resources().size(); i++) {
      m.put(forma.resources().get(i).key(), i);
    }
    this.indexOf = m;
  }

  /** The schemas of the generated types. */
  public static SchemaRegistry schemas() {
    FieldHint co = FieldHint.createOnlyField();
    return SchemaRegistry.of(
        List.of(
            new ResourceTypeSchema(PLAIN, "Id", Map.of(), List.of(), false, false),
            new ResourceTypeSchema(
                SEALED, "Id", Map.of("Immutable", co, "Anchor", co), List.of(), false, false),
            new ResourceTypeSchema(ZONE, "Id", Map.of("Immutable", co), List.of(), false, false),
            new ResourceTypeSchema(
                RECORD,
                "Id",
                Map.of("Immutable", co, "ZoneId", co, "Anchor", co),
                List.of(new TypeEdge(EdgeKind.PARENT, "ZoneId", ZONE, "Name")),
                false,
                false),
            new ResourceTypeSchema(ROLE, "Arn", Map.of("Immutable", co), List.of(), false, false),
            new ResourceTypeSchema(
                PROFILE,
                "Arn",
                Map.of("Immutable", co, "Roles", FieldHint.collection(UpdateMethod.SET, null)),
                List.of(new TypeEdge(EdgeKind.ATTACHES_TO, "Roles", ROLE, "Name")),
                false,
                false)));
  }

  /** A forma of {@code size} resources, the same for the same seed and size; names are unique. */
  public static RandomForma generate(long seed, int size) {
    return new Generator(seed, size, false).run();
  }

  /**
   * As {@link #generate(long, int)}, but with {@code sharedNames} some zones and roles take the
   * name of an earlier one, so that a literal naming it matches two resources and depends on both.
   */
  public static RandomForma generate(long seed, int size, boolean sharedNames) {
    return new Generator(seed, size, sharedNames).run();
  }

  /** The seed it was generated from. */
  public long seed() {
    return seed;
  }

  /** The forma. */
  public Forma forma() {
    return forma;
  }

  /** How many resources it declares. */
  public int size() {
    return forma.resources().size();
  }

  /** Resource {@code i}, in declaration order. */
  public Resource resource(int i) {
    return forma.resources().get(i);
  }

  /** The index of the resource at {@code key}; throws when the forma does not declare it. */
  public int indexOf(ResourceKey key) {
    Integer i = indexOf.get(key);
    if (i == null) {
      throw new IllegalArgumentException("seed=" + seed + ": the forma does not declare " + key);
    }
    return i;
  }

  /** What resource {@code i} depends on: references and edge-matched literals, maybe repeated. */
  public List<Dependency> dependenciesOf(int i) {
    return dependencies.get(i);
  }

  /** The distinct indexes resource {@code i} depends on. */
  public Set<Integer> dependencyIndexes(int i) {
    Set<Integer> out = new TreeSet<>();
    dependencies.get(i).forEach(d -> out.add(d.on()));
    return out;
  }

  /**
   * A copy where each resource's {@code Mutable} changes with probability {@code fraction}, and one
   * resource whose type makes {@code Immutable} CreateOnly (one with many dependents, preferably)
   * changes that too. Edge-matched literals and references stay as they were, so the dependencies
   * are the same.
   */
  public Mutation mutate(long mutationSeed, double fraction) {
    Random rnd = new Random(mutationSeed);
    SchemaRegistry schemas = schemas();
    Set<Integer> mutable = new TreeSet<>();
    List<Integer> createOnlyCandidates = new ArrayList<>();
    for (int i = 0; i < size(); i++) {
      if (rnd.nextDouble() < fraction) {
        mutable.add(i);
      }
      if (schemas.schemaOf(resource(i).type()).hint("Immutable").createOnly()) {
        createOnlyCandidates.add(i);
      }
    }
    int[] dependents = new int[size()];
    for (int i = 0; i < size(); i++) {
      dependencyIndexes(i).forEach(j -> dependents[j]++);
    }
    // The best of three draws by direct dependents, so that replaces cascade more often than not.
    int createOnly = -1;
    for (int draw = 0; draw < 3 && !createOnlyCandidates.isEmpty(); draw++) {
      int c = createOnlyCandidates.get(rnd.nextInt(createOnlyCandidates.size()));
      if (createOnly < 0 || dependents[c] > dependents[createOnly]) {
        createOnly = c;
      }
    }
    List<Resource> changed = new ArrayList<>();
    for (int i = 0; i < size(); i++) {
      Resource r = resource(i);
      if (!mutable.contains(i) && i != createOnly) {
        changed.add(r);
        continue;
      }
      ObjectNode props = r.properties().deepCopy();
      if (mutable.contains(i)) {
        props.put("Mutable", props.path("Mutable").asText() + "-changed");
      }
      if (i == createOnly) {
        props.put("Immutable", props.path("Immutable").asText() + "-changed");
      }
      changed.add(new Resource(r.label(), r.type(), r.stack(), r.target(), props));
    }
    return new Mutation(
        new Forma(forma.description(), forma.stacks(), forma.targets(), changed),
        Collections.unmodifiableSet(mutable),
        createOnly);
  }

  /** Builds one forma. Not reused. */
  private static final class Generator {
    private final long seed;
    private final int size;
    private final boolean sharedNames;
    private final Random rnd;
    private final int stackCount;
    private final Map<String, Integer> labelCounters = new HashMap<>();
    private final List<Resource> resources = new ArrayList<>();
    private final List<List<Dependency>> dependencies = new ArrayList<>();
    private final List<Integer> zones = new ArrayList<>();
    private final List<Integer> roles = new ArrayList<>();
    private final Map<String, List<Integer>> byName = new HashMap<>();
    private final Set<String> named = new HashSet<>();

    Generator(long seed, int size, boolean sharedNames) {
      if (size < 1) {
        throw new IllegalArgumentException("a forma needs at least one resource");
      }
      this.seed = seed;
      this.size = size;
      this.sharedNames = sharedNames;
      this.rnd = new Random(seed);
      this.stackCount = Math.min(size, 1 + rnd.nextInt(STACKS.size()));
    }

    RandomForma run() {
      for (int i = 0; i < size; i++) {
        // The first resources go one to each stack, so that every declared stack is used.
        String stack = STACKS.get(i < stackCount ? i : rnd.nextInt(stackCount));
        add(i, stack, TYPES.get(rnd.nextInt(TYPES.size())));
      }
      Set<String> used = new LinkedHashSet<>();
      resources.forEach(r -> used.add(r.stack()));
      Forma forma =
          new Forma(
              new Description("generated from seed " + seed, false),
              used.stream().map(s -> new Stack(s, null)).toList(),
              List.of(new Target(TARGET, "GEN", null, false)),
              resources);
      return new RandomForma(seed, forma, List.copyOf(dependencies));
    }

    private void add(int i, String stack, String type) {
      String prefix = type.substring(type.indexOf("::") + 2).toLowerCase(Locale.ROOT);
      int n = labelCounters.merge(stack + "/" + prefix, 1, Integer::sum) - 1;
      // Labels repeat across stacks, so that only (stack, label) tells resources apart.
      String label = prefix + "-" + n;
      List<Dependency> deps = new ArrayList<>();
      Map<String, JsonNode> fields = new LinkedHashMap<>();
      fields.put("Immutable", NODES.textNode("imm-" + i));
      fields.put("Mutable", NODES.textNode("mut-" + i));
      if (rnd.nextBoolean()) {
        fields.put("Size", NODES.numberNode(rnd.nextInt(1000)));
      }
      switch (type) {
        case ZONE -> {
          fields.put("Name", NODES.textNode(name(i, zones, "zone-" + i + ".example.")));
          zones.add(i);
        }
        case ROLE -> {
          fields.put("Name", NODES.textNode(name(i, roles, "role-" + i)));
          roles.add(i);
        }
        case RECORD -> fields.put("ZoneId", zoneId(i, deps));
        case PROFILE -> fields.put("Roles", roleNames(i, deps));
        default -> {}
      }
      references(i, stack, fields, deps);
      List<String> order = new ArrayList<>(fields.keySet());
      // The order of properties decides which reference the planner meets first.
      Collections.shuffle(order, rnd);
      ObjectNode props = NODES.objectNode();
      order.forEach(k -> props.set(k, fields.get(k)));
      resources.add(new Resource(label, type, stack, TARGET, props));
      dependencies.add(List.copyOf(deps));
    }

    /**
     * A fresh name, or now and then the name of an earlier resource of the same type that nothing
     * names yet, so that a later literal matches both (and both exist before it, keeping the DAG).
     */
    private String name(int i, List<Integer> sameType, String fresh) {
      String name = fresh;
      if (sharedNames && !sameType.isEmpty() && rnd.nextInt(6) == 0) {
        String other = nameOf(sameType.get(rnd.nextInt(sameType.size())));
        if (!named.contains(other)) {
          name = other;
        }
      }
      byName.computeIfAbsent(name, k -> new ArrayList<>()).add(i);
      return name;
    }

    private String nameOf(int i) {
      return resources.get(i).properties().get("Name").asText();
    }

    /** Depends on every resource that holds {@code name}: an edge matches each of them. */
    private JsonNode named(String name, String property, List<Dependency> deps) {
      named.add(name);
      for (int on : byName.get(name)) {
        deps.add(new Dependency(on, property, true));
      }
      return NODES.textNode(name);
    }

    private JsonNode zoneId(int i, List<Dependency> deps) {
      if (zones.isEmpty() || rnd.nextInt(5) == 0) {
        return NODES.textNode("zone-nowhere-" + i + ".example.");
      }
      return named(nameOf(zones.get(rnd.nextInt(zones.size()))), "ZoneId", deps);
    }

    private JsonNode roleNames(int i, List<Dependency> deps) {
      ArrayNode names = NODES.arrayNode();
      Set<String> picked = new TreeSet<>();
      int want = roles.isEmpty() ? 0 : rnd.nextInt(Math.min(3, roles.size()) + 1);
      for (int k = 0; k < want; k++) {
        picked.add(nameOf(roles.get(rnd.nextInt(roles.size()))));
      }
      for (String name : picked) {
        names.add(named(name, "Roles", deps));
      }
      if (rnd.nextInt(4) == 0) {
        names.add("role-nowhere-" + i);
      }
      return names;
    }

    private void references(
        int i, String stack, Map<String, JsonNode> fields, List<Dependency> deps) {
      if (i == 0) {
        return;
      }
      int count = rnd.nextInt(4);
      int previous = -1;
      for (int k = 0; k < count; k++) {
        int on = pickProducer(i, previous);
        previous = on;
        String field = REF_FIELDS.get(rnd.nextInt(REF_FIELDS.size()));
        ObjectNode ref = ref(stack, on);
        switch (field) {
          case "Anchor", "Link" -> {
            if (fields.containsKey(field)) {
              continue;
            }
            fields.put(field, ref);
          }
          case "Links" -> {
            ArrayNode links = (ArrayNode) fields.computeIfAbsent(field, f -> NODES.arrayNode());
            links.add(ref);
          }
          default -> {
            ObjectNode nested = NODES.objectNode();
            nested.put("Plain", "nested-" + i);
            nested.set("Deep", NODES.objectNode().set("Ref", ref));
            if (fields.containsKey(field)) {
              continue;
            }
            fields.put(field, nested);
          }
        }
        deps.add(new Dependency(on, field, false));
      }
    }

    /** Mostly a recent resource (long chains), else any earlier one, or the same one again. */
    private int pickProducer(int i, int previous) {
      if (previous >= 0 && rnd.nextInt(3) == 0) {
        return previous;
      }
      if (rnd.nextBoolean()) {
        return Math.max(0, i - 1 - rnd.nextInt(8));
      }
      return rnd.nextInt(i);
    }

    private ObjectNode ref(String fromStack, int on) {
      Resource target = resources.get(on);
      boolean sameStack = target.stack().equals(fromStack);
      // Within a stack, $stack and $type are optional: leave them out half of the time.
      String stack = sameStack && rnd.nextBoolean() ? null : target.stack();
      String type = rnd.nextBoolean() ? target.type() : null;
      String property = REF_PROPERTIES.get(rnd.nextInt(REF_PROPERTIES.size()));
      ObjectNode n = NODES.objectNode();
      n.put(ResourceRef.MARKER, true);
      n.put("$label", target.label());
      if (type != null) {
        n.put("$type", type);
      }
      if (stack != null) {
        n.put("$stack", stack);
      }
      n.put("$property", property);
      return n;
    }
  }
}
