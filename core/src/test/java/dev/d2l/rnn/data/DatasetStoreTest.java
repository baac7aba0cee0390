package dev.d2l.rnn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetStoreTest {

    private static final byte[] BODY = "The Time Traveller (for so it will be convenient to speak of him)\n"
            .repeat(2000).getBytes(StandardCharsets.UTF_8);
    private static final Dataset SAMPLE = new Dataset("Sample", "sample.txt", sha1(BODY),
            URI.create("http://example.invalid/sample.txt"));

    @TempDir
    Path dir;

    private HttpServer server;
    private Path cache;

    @BeforeEach
    void startServer() throws IOException {
        cache = dir.resolve("cache");
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/good/", exchange -> send(exchange, BODY, BODY.length));
        server.createContext("/corrupt/", exchange -> {
            byte[] corrupt = BODY.clone();
            corrupt[100] ^= 1;
            send(exchange, corrupt, corrupt.length);
        });
        // Declares the full length, sends half, then drops the connection.
        server.createContext("/half/", exchange -> send(exchange, BODY, BODY.length / 2));
        server.createContext("/missing/", exchange -> {
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    private static void send(HttpExchange exchange, byte[] body, int sent) throws IOException {
        exchange.sendResponseHeaders(200, body.length);
        OutputStream out = exchange.getResponseBody();
        out.write(body, 0, sent);
        out.flush();
        exchange.close();
    }

    private DatasetStore.Builder store(String route) {
        int port = server.getAddress().getPort();
        return DatasetStore.builder().dataDir(null).cacheDir(cache)
                .baseUrl(URI.create("http://127.0.0.1:" + port + "/" + route + "/"))
                .listener(DownloadListener.silent());
    }

    @Test
    void downloadsIntoTheCacheAndReportsProgress() throws IOException {
        List<long[]> progress = new ArrayList<>();
        Path file = store("good").listener((d, received, total) -> progress.add(new long[] {received, total}))
                .build().resolve(SAMPLE);
        assertEquals(cache.resolve("sample.txt"), file);
        assertArrayEquals(BODY, Files.readAllBytes(file));
        assertArrayEquals(new long[] {BODY.length, BODY.length}, progress.get(progress.size() - 1));
        assertEquals(List.of("sample.txt"), cacheFiles());
        // Found in the cache the second time: the server is not asked again.
        server.stop(0);
        assertEquals(file, store("good").build().resolve(SAMPLE));
    }

    @Test
    void aCorruptDownloadIsRemovedAndNamesBothChecksums() throws IOException {
        DataException e = assertThrows(DataException.class, () -> store("corrupt").build().resolve(SAMPLE));
        assertTrue(e.getMessage().contains("expected " + SAMPLE.sha1()), e.getMessage());
        byte[] corrupt = BODY.clone();
        corrupt[100] ^= 1;
        assertTrue(e.getMessage().contains("has SHA-1 " + sha1(corrupt)), e.getMessage());
        assertEquals(List.of(), cacheFiles());
    }

    @Test
    void aTransferCutShortLeavesNothingBehind() throws IOException {
        DataException e = assertThrows(DataException.class, () -> store("half").build().resolve(SAMPLE));
        assertTrue(e.getMessage().contains("/half/sample.txt: IOException: the connection closed after "
                + BODY.length / 2 + " of " + BODY.length + " bytes"), e.getMessage());
        assertEquals(List.of(), cacheFiles());
    }

    @Test
    void anHttpErrorIsReported() throws IOException {
        DataException e = assertThrows(DataException.class, () -> store("missing").build().resolve(SAMPLE));
        assertTrue(e.getMessage().contains("HTTP 404"), e.getMessage());
        assertEquals(List.of(), cacheFiles());
    }

    @Test
    void offlineTheErrorListsEveryPlaceAndTheFix() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        Path data = Files.createDirectories(dir.resolve("data"));
        DatasetStore store = DatasetStore.builder().dataDir(data).cacheDir(cache)
                .baseUrl(URI.create("http://127.0.0.1:" + closedPort + "/")).listener(DownloadListener.silent()).build();
        String message = assertThrows(DataException.class, () -> store.resolve(SAMPLE)).getMessage();
        assertTrue(message.contains(data.resolve("sample.txt").toAbsolutePath().toString()), message);
        assertTrue(message.contains(cache.resolve("sample.txt").toAbsolutePath().toString()), message);
        assertTrue(message.contains("http://127.0.0.1:" + closedPort + "/sample.txt"), message);
        assertTrue(message.contains("Set D2L_DATA_DIR to a folder holding sample.txt"), message);
        assertTrue(message.contains("pass the file's path"), message);
    }

    @Test
    void theDataFolderComesBeforeTheCacheAndTheNetwork() throws IOException {
        Path data = Files.createDirectories(dir.resolve("data"));
        Files.write(data.resolve("sample.txt"), BODY);
        server.stop(0);
        assertEquals(data.resolve("sample.txt"), store("good").dataDir(data).build().resolve(SAMPLE));
        assertFalse(Files.exists(cache));
    }

    @Test
    void aWrongFileInTheDataFolderIsAnErrorAndIsKept() throws IOException {
        Path data = Files.createDirectories(dir.resolve("data"));
        Path wrong = Files.writeString(data.resolve("sample.txt"), "something else");
        String message = assertThrows(DataException.class, () -> store("good").dataDir(data).build().resolve(SAMPLE))
                .getMessage();
        assertTrue(message.startsWith(wrong.toAbsolutePath() + " has SHA-1 " + sha1("something else".getBytes(
                StandardCharsets.UTF_8)) + ", expected " + SAMPLE.sha1()), message);
        assertTrue(Files.exists(wrong));
    }

    @Test
    void aWrongFileInTheCacheIsDownloadedAgain() throws IOException {
        Files.createDirectories(cache);
        Files.writeString(cache.resolve("sample.txt"), "half a file");
        assertArrayEquals(BODY, Files.readAllBytes(store("good").build().resolve(SAMPLE)));
        assertEquals(List.of("sample.txt"), cacheFiles());
    }

    @Test
    void aGivenPathIsUsedAsItIs() throws IOException {
        Path mine = Files.writeString(dir.resolve("my-edition.txt"), "my own edition");
        assertEquals(mine, store("good").path(SAMPLE, mine).build().resolve(SAMPLE));
        Path absent = dir.resolve("absent.txt");
        String message = assertThrows(DataException.class,
                () -> store("good").path(SAMPLE, absent).build().resolve(SAMPLE)).getMessage();
        assertTrue(message.contains(absent.toAbsolutePath().toString()), message);
    }

    @Test
    void theChapterDatasetsInTheDataFolderPassTheirChecksums() {
        DatasetStore store = TestData.store();
        assertTrue(Files.isRegularFile(store.resolve(Dataset.TIME_MACHINE)));
        assertTrue(Files.isRegularFile(store.resolve(Dataset.JAY_CHOU_LYRICS)));
    }

    @Test
    void aBaseUrlMustBeAFolder() {
        assertThrows(IllegalArgumentException.class,
                () -> DatasetStore.builder().baseUrl(URI.create("http://127.0.0.1/data")));
    }

    private List<String> cacheFiles() throws IOException {
        if (!Files.exists(cache)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(cache)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static String sha1(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
