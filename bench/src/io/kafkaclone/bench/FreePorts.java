package io.kafkaclone.bench;

import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/** Prints N free TCP ports (held open together so they differ), one per line. */
public final class FreePorts {
    public static void main(String[] args) throws Exception {
        int n = Integer.parseInt(args[0]);
        List<ServerSocket> held = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ServerSocket s = new ServerSocket(0);
            held.add(s);
            System.out.println(s.getLocalPort());
        }
        for (ServerSocket s : held) {
            s.close();
        }
    }
}
