package org.novasim.api.flow;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The flow page at {@code /flow} (its files are static resources under {@code /flow/}). The page itself is open, like
 * the API's version document: the data it reads ({@code /actuator/flow}, {@code /flow/stream}) needs the admin token.
 */
@Controller
public class FlowPageController {

    @GetMapping({"/flow", "/flow/"})
    public String page() {
        return "forward:/flow/index.html";
    }
}
