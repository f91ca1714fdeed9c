package dev.forja.loadtest.generate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Random;

/**
 * A forma shaped like a typical enterprise AWS account, from a count and a seed: the same count and
 * seed give the same JSON, byte for byte. Every reference is valid against the simulator's rules,
 * so the forma applies and destroys cleanly on the in-process sim and on the sim server.
 *
 * <p>The forma holds up to {@value #MAX_VPCS} {@link Network networks} (one more per {@value
 * #RESOURCES_PER_VPC} resources), then {@link Service services} until it holds exactly {@code
 * count} resources; the last unit is cut short, keeping its leading resources, which name only
 * resources before them. From {@value #RESOURCES_PER_VPC} resources on, networks and services
 * alternate between two SIM targets in two regions. Units fill stacks of at most {@value
 * #MAX_STACK_SIZE} resources, networks and services apart, each stack on one target. Every name the
 * cloud sees (and every stack label) carries the seed, so formas of different seeds can share one
 * simulator and one store.
 */
public final class EnvironmentGenerator {
  /** The most resources one stack holds. */
  public static final int MAX_STACK_SIZE = 250;

  /** The most VPCs a forma holds, as an AWS account's default quota allows. */
  public static final int MAX_VPCS = 5;

  /** One more VPC (up to {@value #MAX_VPCS}) for every this many resources. */
  public static final int RESOURCES_PER_VPC = 400;

  /** The namespace of the targets {@link #generate} writes. */
  public static final String NAMESPACE = "SIM";

  private static final List<Draft.Target> TARGETS =
      List.of(
          new Draft.Target("sim-us-east-1", "us-east-1", "use1"),
          new Draft.Target("sim-eu-west-1", "eu-west-1", "euw1"));

  private EnvironmentGenerator() {}

  /**
   * A forma of exactly {@code count} resources on SIM targets (namespace {@code SIM}, each with its
   * {@code Region}), in stacks of at most a few hundred resources.
   */
  public static ObjectNode generate(int count, long seed) {
    if (count < 1) {
      throw new IllegalArgumentException("count must be at least 1, was " + count);
    }
    String prefix = prefix(seed);
    Random rnd = new Random(seed);
    Draft draft = new Draft(count, prefix, MAX_STACK_SIZE);
    int vpcs = Math.min(MAX_VPCS, 1 + count / RESOURCES_PER_VPC);
    List<Draft.Target> targets = TARGETS.subList(0, vpcs > 1 ? 2 : 1);
    List<Service.Site> sites = new ArrayList<>();
    for (Draft.Target t : targets) {
      sites.add(new Service.Site(t, new ArrayList<>()));
    }
    for (int v = 0; v < vpcs && !draft.full(); v++) {
      Service.Site site = sites.get(v % sites.size());
      site.networks.add(Network.add(draft, site.target, v, prefix));
    }
    for (int s = 0; !draft.full(); s++) {
      Service.add(draft, sites.get(s % sites.size()), s, prefix, rnd);
    }
    ObjectNode forma = Draft.NODES.objectNode();
    forma.set(
        "Description",
        Draft.obj(
            "Text",
            "generated enterprise account: " + count + " resources, seed " + seed,
            "Confirm",
            false));
    forma.set("Stacks", draft.stacks());
    ArrayNode targetNodes = forma.putArray("Targets");
    for (Draft.Target t : targets) {
      targetNodes.add(
          Draft.obj(
              "Label",
              t.label(),
              "Namespace",
              NAMESPACE,
              "Config",
              Draft.obj("Region", t.region()),
              "Discoverable",
              false));
    }
    forma.set("Resources", draft.resources());
    return forma;
  }

  /**
   * {@code forma} with every target moved to {@code namespace}, and {@code config}'s keys added to
   * each target's {@code Config} (its {@code Region} is kept). For the sim server: namespace {@code
   * AWS} with {@code Endpoint} and {@code RateLimit}. Returns a new tree; {@code forma} is
   * unchanged.
   */
  public static ObjectNode retarget(ObjectNode forma, String namespace, ObjectNode config) {
    Objects.requireNonNull(namespace, "namespace");
    ObjectNode copy = forma.deepCopy();
    for (var target : copy.withArray("Targets")) {
      ObjectNode t = (ObjectNode) target;
      t.put("Namespace", namespace);
      ObjectNode c = t.has("Config") ? (ObjectNode) t.get("Config") : t.putObject("Config");
      if (config != null) {
        config
            .properties()
            .forEach(
                e -> {
                  if (!e.getKey().equals("Region")) {
                    c.set(e.getKey(), e.getValue().deepCopy());
                  }
                });
      }
    }
    return copy;
  }

  /** {@code forma} as the JSON {@code forja loadtest generate} writes: stable, pretty-printed. */
  public static String json(ObjectNode forma) {
    DefaultPrettyPrinter printer =
        new DefaultPrettyPrinter()
            .withObjectIndenter(new DefaultIndenter("  ", "\n"))
            .withArrayIndenter(new DefaultIndenter("  ", "\n"));
    try {
      return new ObjectMapper().writer(printer).writeValueAsString(forma) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the generated forma", e);
    }
  }

  /** What every name of a forma of {@code seed} starts with. */
  static String prefix(long seed) {
    return "g" + Long.toUnsignedString(seed, 36);
  }
}
