// fts cli skeleton.
// SPDX-License-Identifier: GPL-2.0-or-later
#include "fts/cli.h"

#include <iostream>

#include "fts/errors.h"

namespace fts {

int run_cli(CLI::App& app, int argc, char** argv, const std::function<int()>& run) {
    app.set_version_flag("--version", std::string(app.get_name()) + " (fts) " FTS_VERSION);
    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForAllHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForVersion& e) {
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        std::cerr << app.get_name() << ": " << e.what() << " (see --help)\n";
        return kExitError;
    }
    return run();
}

}  // namespace fts
