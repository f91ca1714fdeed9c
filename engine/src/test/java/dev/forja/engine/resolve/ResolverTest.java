package dev.forja.engine.resolve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResolverTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Parses JSON written with single quotes, for readable fixtures. */
  private static JsonNode json(String singleQuoted) {
    try {
      return JSON.readTree(singleQuoted.replace('\'', '"'));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(singleQuoted, e);
    }
  }

  private static ObjectNode obj(String singleQuoted) {
    return (ObjectNode) json(singleQuoted);
  }

  private static String ref(String ksuid, String pointer) {
    return "{'$ref':'forja://" + ksuid + "#" + pointer + "'}";
  }

  @Test
  void producersAreTheReferencedKsuidsInDocumentOrderEachOnce() {
    ObjectNode desired =
        obj(
            "{'A':"
                + ref("2vpc", "/Id")
                + ",'Tags':[{'Value':"
                + ref("2key", "/Arn")
                + "}],'Deep':{'In':{'Again':"
                + ref("2vpc", "/Cidr")
                + "}},'Plain':'x'}");

    assertThat(Resolver.producers(desired)).containsExactly("2vpc", "2key");
    assertThat(Resolver.producers(obj("{'Name':'x'}"))).isEmpty();
  }

  @Test
  void aReferenceBecomesItsValueForThePluginAndFillsItsValueForTheStore() {
    ObjectNode desired = obj("{'Name':'logs','BucketArn':" + ref("2bkt", "/Arn") + "}");
    Map<String, ObjectNode> values = Map.of("2bkt", obj("{'Arn':'arn:aws:s3:::logs'}"));

    Resolution r = Resolver.resolve(desired, values);

    assertThat(r.ok()).isTrue();
    assertThat(r.problems()).isEmpty();
    assertThat(r.forPlugin()).isEqualTo(obj("{'Name':'logs','BucketArn':'arn:aws:s3:::logs'}"));
    assertThat(r.forStore())
        .isEqualTo(
            obj(
                "{'Name':'logs','BucketArn':{'$ref':'forja://2bkt#/Arn',"
                    + "'$value':'arn:aws:s3:::logs'}}"));
  }

  @Test
  void referencesNestedInListsAndObjectsAreResolvedInPlace() {
    ObjectNode desired =
        obj(
            "{'Tags':[{'Key':'owner','Value':"
                + ref("2usr", "/Name")
                + "},"
                + ref("2usr", "/Tag")
                + "],'Network':{'Subnet':{'Id':"
                + ref("2sub", "/SubnetId")
                + "}},'Endpoint':"
                + ref("2db", "/Endpoint")
                + ",'Host':"
                + ref("2db", "/Endpoint/Address")
                + "}");
    Map<String, ObjectNode> values =
        Map.of(
            "2usr", obj("{'Name':'ana','Tag':{'Key':'team','Value':'core'}}"),
            "2sub", obj("{'SubnetId':'subnet-1'}"),
            "2db", obj("{'Endpoint':{'Address':'db.local','Port':5432}}"));

    Resolution r = Resolver.resolve(desired, values);

    assertThat(r.problems()).isEmpty();
    assertThat(r.forPlugin())
        .isEqualTo(
            obj(
                "{'Tags':[{'Key':'owner','Value':'ana'},{'Key':'team','Value':'core'}],"
                    + "'Network':{'Subnet':{'Id':'subnet-1'}},"
                    + "'Endpoint':{'Address':'db.local','Port':5432},'Host':'db.local'}"));
    assertThat(r.forStore().at("/Tags/0/Value"))
        .isEqualTo(json("{'$ref':'forja://2usr#/Name','$value':'ana'}"));
    assertThat(r.forStore().at("/Network/Subnet/Id/$value").asText()).isEqualTo("subnet-1");
    assertThat(r.forStore().at("/Host/$ref").asText()).isEqualTo("forja://2db#/Endpoint/Address");
  }

  @Test
  void aReferenceToAPropertyThatIsItselfAReferenceTakesThatReferencesValue() {
    ObjectNode desired = obj("{'VpcId':" + ref("2sub", "/VpcId") + "}");
    Map<String, ObjectNode> values =
        Map.of("2sub", obj("{'VpcId':{'$ref':'forja://2vpc#/Id','$value':'vpc-1'}}"));

    Resolution r = Resolver.resolve(desired, values);

    assertThat(r.problems()).isEmpty();
    assertThat(r.forPlugin()).isEqualTo(obj("{'VpcId':'vpc-1'}"));
    assertThat(r.forStore())
        .isEqualTo(obj("{'VpcId':{'$ref':'forja://2sub#/VpcId','$value':'vpc-1'}}"));
  }

  @Test
  void aReferenceToAnUnresolvedReferenceIsAProblem() {
    ObjectNode desired = obj("{'VpcId':" + ref("2sub", "/VpcId") + "}");
    Map<String, ObjectNode> values = Map.of("2sub", obj("{'VpcId':" + ref("2vpc", "/Id") + "}"));

    Resolution r = Resolver.resolve(desired, values);

    assertThat(r.ok()).isFalse();
    assertThat(r.problems())
        .singleElement()
        .asString()
        .contains("Properties/VpcId", "forja://2sub#/VpcId", "forja://2vpc#/Id", "not known");
  }

  @Test
  void secretsReachThePluginInClearButStayWrappedForTheStore() {
    String secret = "{'$visibility':'Opaque','$value':'s3cr3t'}";
    ObjectNode desired =
        obj(
            "{'Password':"
                + secret
                + ",'List':["
                + secret
                + "],'Token':"
                + ref("2sec", "/Token")
                + "}");
    Map<String, ObjectNode> values =
        Map.of("2sec", obj("{'Token':{'$visibility':'Opaque','$value':{'k':'tok'}}}"));

    Resolution r = Resolver.resolve(desired, values);

    assertThat(r.problems()).isEmpty();
    assertThat(r.forPlugin())
        .isEqualTo(obj("{'Password':'s3cr3t','List':['s3cr3t'],'Token':{'k':'tok'}}"));
    assertThat(r.forStore().get("Password")).isEqualTo(json(secret));
    assertThat(r.forStore().get("List")).isEqualTo(json("[" + secret + "]"));
    assertThat(r.forStore().get("Token"))
        .isEqualTo(
            json(
                "{'$ref':'forja://2sec#/Token',"
                    + "'$value':{'$visibility':'Opaque','$value':{'k':'tok'}}}"));
  }

  @Test
  void aSecretKnownOnlyByItsDigestCannotBeSentToThePlugin() {
    ObjectNode desired =
        obj(
            "{'Password':{'$visibility':'Opaque','$digest':'sha256:00:ff'},'Token':"
                + ref("2sec", "/Token")
                + "}");
    Map<String, ObjectNode> values =
        Map.of("2sec", obj("{'Token':{'$visibility':'Opaque','$digest':'sha256:00:ee'}}"));

    Resolution r = Resolver.resolve(desired, values);

    assertThat(r.problems()).hasSize(2);
    assertThat(r.problems().get(0)).contains("Properties/Password", "secret");
    assertThat(r.problems().get(1)).contains("Properties/Token", "forja://2sec#/Token", "secret");
  }

  @Test
  void aMissingProducerIsAProblemNamingThePathTheUriAndTheResource() {
    ObjectNode desired =
        obj("{'Name':'x','Policy':{'Bucket':{'BucketName':" + ref("2bkt", "/Name") + "}}}");

    Resolution r = Resolver.resolve(desired, Map.of());

    assertThat(r.ok()).isFalse();
    assertThat(r.problems())
        .containsExactly(
            "Properties/Policy/Bucket/BucketName references forja://2bkt#/Name,"
                + " but no values of resource 2bkt are known");
  }

  @Test
  void aMissingPropertyIsAProblemNamingThePathTheUriAndThePointer() {
    ObjectNode desired =
        obj(
            "{'BucketName':"
                + ref("2bkt", "/Nmae")
                + ",'Tags':[{'Value':"
                + ref("2bkt", "/Tags/3")
                + "}]}");
    Map<String, ObjectNode> values = Map.of("2bkt", obj("{'Name':'logs','Tags':['a']}"));

    Resolution r = Resolver.resolve(desired, values);

    assertThat(r.problems())
        .containsExactly(
            "Properties/BucketName references forja://2bkt#/Nmae,"
                + " but resource 2bkt has no property /Nmae",
            "Properties/Tags/0/Value references forja://2bkt#/Tags/3,"
                + " but resource 2bkt has no property /Tags/3");
  }

  @Test
  void aNullPropertyIsAValueAndAStaleValueIsReplaced() {
    ObjectNode desired =
        obj("{'Description':{'$ref':'forja://2bkt#/Description','$value':'stale'}}");
    Map<String, ObjectNode> values = Map.of("2bkt", obj("{'Description':null}"));

    Resolution r = Resolver.resolve(desired, values);

    assertThat(r.problems()).isEmpty();
    assertThat(r.forPlugin()).isEqualTo(obj("{'Description':null}"));
    assertThat(r.forStore())
        .isEqualTo(obj("{'Description':{'$ref':'forja://2bkt#/Description','$value':null}}"));
  }

  @Test
  void patchValuesAreResolvedForThePlugin() {
    ArrayNode patch =
        (ArrayNode)
            json(
                "[{'op':'replace','path':'/BucketArn','value':"
                    + ref("2bkt", "/Arn")
                    + "},{'op':'remove','path':'/Old'},"
                    + "{'op':'add','path':'/Secret','value':"
                    + "{'$visibility':'Opaque','$value':'pw'}},"
                    + "{'op':'add','path':'/Tags','value':[{'Value':"
                    + ref("2bkt", "/Name")
                    + "}]}]");
    Map<String, ObjectNode> values = Map.of("2bkt", obj("{'Arn':'arn:1','Name':'logs'}"));

    ArrayNode resolved = Resolver.resolvePatch(patch, values);

    assertThat(resolved)
        .isEqualTo(
            json(
                "[{'op':'replace','path':'/BucketArn','value':'arn:1'},"
                    + "{'op':'remove','path':'/Old'},"
                    + "{'op':'add','path':'/Secret','value':'pw'},"
                    + "{'op':'add','path':'/Tags','value':[{'Value':'logs'}]}]"));
  }

  @Test
  void anUnresolvablePatchValueIsRefusedNamingItsPath() {
    ArrayNode patch =
        (ArrayNode)
            json("[{'op':'replace','path':'/BucketArn','value':" + ref("2bkt", "/Arn") + "}]");

    assertThatThrownBy(() -> Resolver.resolvePatch(patch, Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Properties/BucketArn references forja://2bkt#/Arn");
  }

  @Test
  void inputsAreNeverMutatedNorSharedWithTheResults() {
    ObjectNode desired =
        obj(
            "{'Arn':"
                + ref("2bkt", "/Arn")
                + ",'Cfg':{'List':[1,2]},'Pw':{'$visibility':'Opaque','$value':{'a':1}},"
                + "'Obj':"
                + ref("2bkt", "/Obj")
                + "}");
    ObjectNode producer = obj("{'Arn':'arn:1','Obj':{'k':[1]}}");
    ArrayNode patch = (ArrayNode) json("[{'op':'add','path':'/Cfg','value':{'List':[1,2]}}]");
    ObjectNode desiredBefore = desired.deepCopy();
    ObjectNode producerBefore = producer.deepCopy();
    ArrayNode patchBefore = patch.deepCopy();

    Resolution r = Resolver.resolve(desired, Map.of("2bkt", producer));
    ArrayNode resolvedPatch = Resolver.resolvePatch(patch, Map.of("2bkt", producer));
    ((ArrayNode) r.forPlugin().at("/Cfg/List")).add(3);
    ((ArrayNode) r.forStore().at("/Cfg/List")).add(4);
    ((ObjectNode) r.forPlugin().get("Pw")).put("b", 2);
    ((ObjectNode) r.forStore().at("/Pw/$value")).put("c", 3);
    ((ArrayNode) r.forPlugin().at("/Obj/k")).add(5);
    ((ArrayNode) r.forStore().at("/Obj/$value/k")).add(6);
    ((ArrayNode) resolvedPatch.at("/0/value/List")).add(7);

    assertThat(desired).isEqualTo(desiredBefore);
    assertThat(producer).isEqualTo(producerBefore);
    assertThat(patch).isEqualTo(patchBefore);
  }

  @Test
  void inliningShowsAProducerWhoseValueChangedWhereEnvelopesCompareEqual() {
    ObjectNode stored =
        obj("{'Name':'q','Topic':{'$ref':'forja://2tpc#/Arn','$value':'arn:old'},'N':[1]}");
    Resolution now =
        Resolver.resolve(
            obj("{'Name':'q','Topic':" + ref("2tpc", "/Arn") + ",'N':[1]}"),
            Map.of("2tpc", obj("{'Arn':'arn:new'}")));

    assertThat(Resolver.inlineRefValues(stored))
        .isEqualTo(obj("{'Name':'q','Topic':'arn:old','N':[1]}"));
    assertThat(Resolver.inlineRefValues(now.forStore()))
        .isEqualTo(obj("{'Name':'q','Topic':'arn:new','N':[1]}"));
    assertThat(stored.get("Topic").has("$ref")).as("input untouched").isTrue();
  }
}
