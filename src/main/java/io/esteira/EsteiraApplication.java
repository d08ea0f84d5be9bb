package io.esteira;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.modulith.Modulithic;
import org.springframework.scheduling.annotation.EnableAsync;

@SpringBootApplication
@Modulithic(sharedModules = "shared")
@EnableAsync
public class EsteiraApplication {

    public static void main(String[] args) {
        SpringApplication.run(EsteiraApplication.class, args);
    }
}
