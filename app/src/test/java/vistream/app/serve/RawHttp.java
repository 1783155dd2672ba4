package vistream.app.serve;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * HTTP/1.1 over a plain socket, for the tests where a client library would hide what the server does: when it
 * closes, whether it resets, what it answers to a request no client library would send.
 */
final class RawHttp implements AutoCloseable {

    /** How long a read waits before the test calls the server silent. */
    static final int SILENCE_MILLIS = 5000;

    /**
     * A response.
     *
     * @param status  its status code
     * @param headers its headers, names in lower case
     * @param body    its body, as text
     */
    record Response(int status, Map<String, String> headers, String body) {
    }

    private final Socket socket;
    private final InputStream in;

    RawHttp(int port) throws IOException {
        this.socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(SILENCE_MILLIS);
        this.in = socket.getInputStream();
    }

    /** Sends text as it is (ISO-8859-1, as HTTP's head is). */
    void send(String text) throws IOException {
        send(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    void send(byte[] bytes) throws IOException {
        socket.getOutputStream().write(bytes);
        socket.getOutputStream().flush();
    }

    /** Reads one response with a {@code Content-Length}, or up to the end of the stream without one. */
    Response read() throws IOException {
        String[] lines = head().split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> headers = new TreeMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            String name = lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT);
            headers.put(name, lines[i].substring(colon + 1).strip());
        }
        byte[] body = headers.containsKey("content-length")
                ? in.readNBytes(Integer.parseInt(headers.get("content-length"))) : in.readAllBytes();
        return new Response(status, headers, new String(body, StandardCharsets.UTF_8));
    }

    /** Reads up to the next blank line: a response's head, or one server-sent event. */
    String head() throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")
                && !head.toString(StandardCharsets.ISO_8859_1).endsWith("\n\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("the server closed the connection after " + head.size() + " bytes: " + head);
            }
            head.write(b);
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    /** Reads up to the end of the stream; fails if the server stays silent for {@link #SILENCE_MILLIS}. */
    String readToEnd() throws IOException {
        java.io.ByteArrayOutputStream read = new java.io.ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                read.write(buffer, 0, n);
            }
        } catch (java.net.SocketException reset) {
            // A reset after the server's last byte ends the connection too; what came before it counts, and a
            // caller that needed more (an answer cut short) sees that it is missing.
        }
        return read.toString(StandardCharsets.UTF_8);
    }

    /**
     * Whether the server has closed the connection (without a reset, so nothing it sent is lost), waiting at most
     * {@link #SILENCE_MILLIS} and skipping whatever it still sends.
     */
    boolean closedByServer() throws IOException {
        try {
            while (in.read() >= 0) {
                continue;
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
