package org.clientsapi;

import org.clientsapi.auth.CommandLineTasks;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class ClientsApiApplication {

    /** Starts the service, or runs a command-line task when the first argument names one. */
    public static void main(String[] args) {
        if (CommandLineTasks.isTask(args)) {
            System.exit(CommandLineTasks.run(ClientsApiApplication.class, args));
        }
        SpringApplication.run(ClientsApiApplication.class, args);
    }
}
