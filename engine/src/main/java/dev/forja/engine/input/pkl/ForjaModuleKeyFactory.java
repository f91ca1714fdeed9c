package dev.forja.engine.input.pkl;

import java.io.FileNotFoundException;
import java.net.URI;
import java.net.URL;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.pkl.core.SecurityManager;
import org.pkl.core.SecurityManagerException;
import org.pkl.core.module.ModuleKey;
import org.pkl.core.module.ModuleKeyFactory;
import org.pkl.core.module.ResolvedModuleKey;
import org.pkl.core.module.ResolvedModuleKeys;

/**
 * Resolves {@code forja:/X.pkl} to Forja's bundled module {@code dev/forja/pkl/X.pkl} on the class
 * path, so that a user's forma amends Forja's base module without network or installation.
 */
final class ForjaModuleKeyFactory implements ModuleKeyFactory {
  static final String SCHEME = "forja";
  private static final String RESOURCE_DIR = "dev/forja/pkl";

  /** Plain names only: no {@code ..}, so that a URI cannot reach other class path resources. */
  private static final Pattern MODULE_PATH = Pattern.compile("(/[A-Za-z][A-Za-z0-9_-]*)+\\.pkl");

  @Override
  public Optional<ModuleKey> create(URI uri) {
    if (uri.getScheme() == null || !SCHEME.equals(uri.getScheme().toLowerCase(Locale.ROOT))) {
      return Optional.empty();
    }
    return Optional.of(new ForjaModuleKey(uri));
  }

  /** One {@code forja:} module; Pkl caches its source per evaluator. */
  private static final class ForjaModuleKey implements ModuleKey {
    private final URI uri;

    ForjaModuleKey(URI uri) {
      this.uri = uri;
    }

    @Override
    public URI getUri() {
      return uri;
    }

    @Override
    public ResolvedModuleKey resolve(SecurityManager securityManager)
        throws FileNotFoundException, SecurityManagerException {
      securityManager.checkResolveModule(uri);
      String path = uri.getPath();
      if (path == null || !MODULE_PATH.matcher(path).matches()) {
        throw new FileNotFoundException(uri.toString());
      }
      URL url = ForjaModuleKeyFactory.class.getClassLoader().getResource(RESOURCE_DIR + path);
      if (url == null) {
        throw new FileNotFoundException(uri.toString());
      }
      // The resolved URI stays forja:/…, so that error messages name the module as users wrote it.
      return ResolvedModuleKeys.url(this, uri, url);
    }

    @Override
    public boolean hasHierarchicalUris() {
      // Lets a forja: module import its siblings by relative path.
      return true;
    }

    @Override
    public boolean isLocal() {
      return true;
    }

    @Override
    public boolean isGlobbable() {
      return false;
    }
  }
}
