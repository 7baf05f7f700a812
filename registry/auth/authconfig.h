// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QHostAddress>

// Whether a node asks who is writing and reading (docs/security.md).
struct AuthConfig
{
    enum class Mode
    {
        Off,
        Required,
    };

    Mode mode = Mode::Off;
    // Run open even when bound beyond loopback with no accounts (or with authentication off).
    bool insecure = false;

    // Off on loopback only, as before accounts existed; required anywhere else.
    static Mode defaultMode(const QHostAddress &bindAddress)
    {
        return bindAddress.isLoopback() ? Mode::Off : Mode::Required;
    }
};
