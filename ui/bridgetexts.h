// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "api/bridgestate.h"

#include <QColor>
#include <QCoreApplication>
#include <QString>

// How the console shows a bridge, the same in the navigator, the topology and the instance table:
// translated names of its kind and phase, the phase's colour and a summary of its state.
class BridgeTexts
{
    Q_DECLARE_TR_FUNCTIONS(BridgeTexts)

public:
    static QString kindName(BridgeState::Kind kind);
    static QString phaseName(BridgeState::Phase phase);
    static QColor phaseColor(BridgeState::Phase phase);
    // Counts, lag, the last sync and error and, while cut, when the pulled entries leave; one line each.
    static QString details(const BridgeState &state, qint64 nowMs);
    // "↓ 3 ↑ 5": pulled and pushed entries, for a narrow cell or a link's label.
    static QString counts(const BridgeState &state);
    // Why a foreign entry cannot be edited here, naming the external registry it is mirrored from.
    static QString foreignEntryNote(const QString &bridgeUrl);
};
