package io.sharedfs.console.client;

import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import io.sharedfs.console.config.ConsoleConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ProcessingException;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.util.concurrent.TimeUnit;

/** The REST clients of the four services, built from {@link ConsoleConfig}. */
@ApplicationScoped
public class Services {

    public static final String IMAGE_SERVICE = "image-service";
    public static final String VE_SERVICE = "ve-service";
    public static final String NODE_PROVISIONER = "node-provisioner";
    public static final String NFS_EXPORTER = "nfs-exporter";

    private final ImageApi images;
    private final VeApi ves;
    private final ProvisionerApi provisioner;
    private final ExporterApi exporter;

    public Services(ConsoleConfig config) {
        long timeout = config.serviceTimeout().toMillis();
        images = client(ImageApi.class, IMAGE_SERVICE, config.imageServiceUrl(), timeout);
        ves = client(VeApi.class, VE_SERVICE, config.veServiceUrl(), timeout);
        provisioner = client(ProvisionerApi.class, NODE_PROVISIONER, config.nodeProvisionerUrl(), timeout);
        exporter = client(ExporterApi.class, NFS_EXPORTER, config.nfsExporterUrl(), timeout);
    }

    public ImageApi images() {
        return images;
    }

    public VeApi ves() {
        return ves;
    }

    public ProvisionerApi provisioner() {
        return provisioner;
    }

    public ExporterApi exporter() {
        return exporter;
    }

    /** A client whose failures are {@link ServiceException} (an error answer) or {@link ServiceUnreachableException}. */
    private static <T> T client(Class<T> api, String service, URI url, long timeoutMillis) {
        T client = QuarkusRestClientBuilder.newBuilder()
                .baseUri(url)
                .connectTimeout(timeoutMillis, TimeUnit.MILLISECONDS)
                .readTimeout(timeoutMillis, TimeUnit.MILLISECONDS)
                .register(new CredentialsFilter())
                .register(new ProblemReader(service))
                .build(api);
        InvocationHandler handler = (proxy, method, args) -> {
            if (method.getDeclaringClass() == Object.class) {
                return method.invoke(client, args);
            }
            try {
                return method.invoke(client, args);
            } catch (InvocationTargetException e) {
                Throwable cause = e.getCause();
                if (cause instanceof ProcessingException && !(cause.getCause() instanceof ServiceException)) {
                    throw new ServiceUnreachableException(service, url, cause);
                }
                if (cause instanceof ProcessingException && cause.getCause() instanceof ServiceException problem) {
                    throw problem;
                }
                throw cause;
            }
        };
        return api.cast(Proxy.newProxyInstance(api.getClassLoader(), new Class<?>[] {api}, handler));
    }
}
