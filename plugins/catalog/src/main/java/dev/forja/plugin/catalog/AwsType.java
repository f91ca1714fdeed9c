package dev.forja.plugin.catalog;

import dev.forja.engine.schema.ResourceTypeSchema;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One AWS resource type as Forja knows it: the schema its plugins declare, and what the simulator
 * needs to behave as AWS does for it.
 *
 * <p>Templates ({@link IdFormat#template()}, {@link #outputs()}) are literal text with placeholders
 * in braces. A placeholder lists alternatives separated by {@code ?}; the first that has a value
 * wins:
 *
 * <ul>
 *   <li>a property or output name ({@code RoleName}): its text value;
 *   <li>{@code id}, {@code region}, {@code account}: the new identifier, the target's region, the
 *       account ({@code 123456789012});
 *   <li>generators: {@code hex:N} ({@code N} lower-case hex digits), {@code alnum:N} (upper-case
 *       letters and digits), {@code num:N} (digits), {@code uuid}, {@code ip} (a public IPv4),
 *       {@code privateip} (a 10.x address), {@code name} (a generated name), {@code lname} (one in
 *       lower case, for S3 and ECR);
 *   <li>{@code =text}: the literal text.
 * </ul>
 *
 * <p>An identifier template without a value means a required property was left out: the create
 * fails. An output without a value is left out. An output template in square brackets is a list of
 * comma-separated element templates.
 *
 * @param schema identifier, field hints (CreateOnly, …) and containment/attachment edges
 * @param identifier how the cloud names a new instance
 * @param outputs read-only properties the cloud adds, by name, as templates, e.g. {@code
 *     "arn:aws:iam::{account}:role{Path?=/}{RoleName}"}; an output named like a writable property
 *     whose template starts with that property ({@code "{RoleName?name}"}) is a name the cloud
 *     generates when the request leaves it out
 * @param references properties that must name an existing resource at create and update; a holding
 *     reference also keeps that resource from being deleted while it names it
 * @param deleteConflict the AWS error name a refused delete reports in its message ({@code
 *     DependencyViolation}, {@code DeleteConflict}, {@code HostedZoneNotEmpty}); null for a type no
 *     holding reference names, whose deletes AWS never refuses
 */
public record AwsType(
    ResourceTypeSchema schema,
    IdFormat identifier,
    Map<String, String> outputs,
    List<Reference> references,
    String deleteConflict) {
  public AwsType {
    Objects.requireNonNull(schema, "schema");
    Objects.requireNonNull(identifier, "identifier");
    outputs = Map.copyOf(outputs);
    references = List.copyOf(references);
  }

  /** The type name, such as {@code AWS::EC2::VPC}. */
  public String name() {
    return schema.type();
  }

  /**
   * How the cloud names a new instance.
   *
   * @param prefix for generated ids, the prefix ({@code vpc-}); null when the id comes from a
   *     property or a template
   * @param template for ids built from properties, a template like {@code
   *     "arn:aws:sns:{region}:{account}:{TopicName}"}; null for generated ids
   */
  public record IdFormat(String prefix, String template) {
    /** A generated id: the prefix and 17 hex digits, as EC2 does. */
    public static IdFormat generated(String prefix) {
      return new IdFormat(prefix, null);
    }

    /** An id built from the resource's properties. */
    public static IdFormat from(String template) {
      return new IdFormat(null, template);
    }
  }

  /**
   * A property that names another resource. Several references of one property are alternatives:
   * the value must name a resource through one of them (a KMS key by {@code KeyId} or {@code Arn}).
   *
   * @param property the top-level property (a list names several)
   * @param targetType the type it names
   * @param targetProperty the named resource's property or output it must equal (often its
   *     identifier)
   * @param holds whether the named resource cannot be deleted while this names it, as AWS refuses
   *     to delete a VPC with subnets; false where AWS lets the named resource go and leaves the
   *     value dangling (a Lambda function's role, a log group's KMS key)
   */
  public record Reference(
      String property, String targetType, String targetProperty, boolean holds) {
    /** A holding reference. */
    public Reference(String property, String targetType, String targetProperty) {
      this(property, targetType, targetProperty, true);
    }
  }
}
