// fts unit tests: small builders shared by the test files.
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "fts/article.h"

namespace fts::test {

inline Article article(std::string id, std::string title, std::string body, std::string date = "",
                       std::vector<std::string> tags = {}) {
    Article a;
    a.id = std::move(id);
    a.title = std::move(title);
    a.body = std::move(body);
    a.date = std::move(date);
    a.tags = std::move(tags);
    return a;
}

}  // namespace fts::test
