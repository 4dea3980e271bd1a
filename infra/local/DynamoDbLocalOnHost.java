import java.lang.reflect.Field;
import java.util.Arrays;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import software.amazon.dynamodb.services.local.main.ServerRunner;
import software.amazon.dynamodb.services.local.server.DynamoDBProxyServer;

/**
 * DynamoDB Local listening on one address only (infra/local/dynamodb.ts passes 127.0.0.1).
 *
 * <p>DynamoDBLocal.jar's own entry point builds its Jetty server with {@code new Server(port)},
 * which listens on every interface, and has no option for the address. This one builds the same
 * server from the same arguments (ServerRunner.createServerFromCommandLineArgs), sets the address
 * on its connector, and starts it. ServerRunner.main also sets up DynamoDB Local's telemetry; this
 * does not, so the local system sends none.
 *
 * <p>dynamodb.ts compiles it once into node_modules/.cache and runs it as
 *
 * <pre>java -Djava.library.path=DynamoDBLocal_lib -cp DynamoDBLocal.jar:CACHE DynamoDbLocalOnHost
 *     HOST [DynamoDB Local arguments: -port, -dbPath, -sharedDb, ...]</pre>
 */
public class DynamoDbLocalOnHost {
  public static void main(String[] args) throws Exception {
    if (args.length < 1) {
      System.err.println("usage: DynamoDbLocalOnHost HOST [DynamoDB Local arguments]");
      System.exit(2);
    }
    String host = args[0];
    DynamoDBProxyServer proxy =
        ServerRunner.createServerFromCommandLineArgs(Arrays.copyOfRange(args, 1, args.length));

    // The Jetty server is a private field of DynamoDBProxyServer; it has not opened its socket yet.
    Field field = DynamoDBProxyServer.class.getDeclaredField("server");
    field.setAccessible(true);
    Server jetty = (Server) field.get(proxy);
    Connector[] connectors = jetty.getConnectors();
    if (connectors.length == 0) throw new IllegalStateException("DynamoDB Local's Jetty server has no connector");
    for (Connector connector : connectors) {
      if (!(connector instanceof ServerConnector serverConnector)) {
        throw new IllegalStateException("Unexpected Jetty connector " + connector.getClass().getName());
      }
      serverConnector.setHost(host);
    }

    proxy.start();
    if (!jetty.isStarted()) {
      System.err.println("DynamoDB Local did not start on " + host);
      System.exit(1);
    }
    jetty.join();
  }
}
