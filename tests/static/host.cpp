// A C++ host linked with liblitellm.a: the standard library's inline functions and templates
// beside the runtime's own C++ inside the archive (tests/static/run.sh links it with the
// default toolchain and, where lld is there, with lld and --gc-sections).
//   host BASE_URL   prints "ok" and exits 0 when an echo comes back
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "litellm.h"

int main(int argc, char **argv)
{
    if (argc != 2) {
        std::cerr << "usage: host BASE_URL\n";
        return 2;
    }
    std::string options = std::string("{\"base_url\":\"") + argv[1] + "\",\"api_key\":\"\"}";
    litellm_client *client = nullptr;
    char *out = nullptr;
    if (litellm_client_new(options.c_str(), &client, &out) != LITELLM_OK) {
        std::cerr << (out ? out : "litellm_client_new failed") << "\n";
        return 1;
    }
    std::vector<std::unique_ptr<std::string>> answers;
    for (const char *text : {"from C++", "twice"}) {
        std::string request = std::string("{\"model\":\"echo\",\"messages\":[{\"role\":\"user\",\"content\":\"") + text + "\"}]}";
        int status = litellm_generate(client, request.c_str(), &out);
        answers.push_back(std::make_unique<std::string>(out ? out : ""));
        litellm_free(out);
        if (status != LITELLM_OK || answers.back()->find(text) == std::string::npos) {
            std::cerr << "status " << status << ": " << *answers.back() << "\n";
            return 1;
        }
    }
    litellm_client_free(client);
    std::cout << "ok " << answers.size() << " answers, liblitellm " << litellm_version() << "\n";
    return 0;
}
