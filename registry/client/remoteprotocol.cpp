// SPDX-License-Identifier: GPL-3.0-or-later
#include "client/remoteprotocol.h"

void RemoteProtocol::addBridge(BridgeState::Kind, const QUrl &, CommandDone done)
{
    done(CommandResult::failure(CommandResult::Error::Unsupported, QStringLiteral("only a Muster node has bridges")));
}

void RemoteProtocol::removeBridge(const QUrl &, CommandDone done)
{
    done(CommandResult::failure(CommandResult::Error::Unsupported, QStringLiteral("only a Muster node has bridges")));
}
