// SPDX-License-Identifier: GPL-3.0-or-later
#include "commandmessages.h"

#include <QCoreApplication>

QString CommandMessages::describe(const CommandResult &result)
{
    using Error = CommandResult::Error;
    switch (result.errorKind()) {
    case Error::None: return {};
    case Error::NotRunning: return QCoreApplication::translate("CommandMessages", "The node is not running.");
    case Error::NotConnected: return QCoreApplication::translate("CommandMessages", "The console is not connected to this registry (yet).");
    case Error::Unreachable: return QCoreApplication::translate("CommandMessages", "The registry did not answer (%1).").arg(result.error);
    case Error::Refused: return QCoreApplication::translate("CommandMessages", "The registry refused it: %1").arg(result.error);
    case Error::NoSuchInstance: return QCoreApplication::translate("CommandMessages", "The instance is not registered (any more).");
    case Error::NoSuchService: return QCoreApplication::translate("CommandMessages", "The service does not exist (any more).");
    case Error::ServiceConflict: return QCoreApplication::translate("CommandMessages", "Another service has the same id or the same key.");
    case Error::ServiceHasInstances: return QCoreApplication::translate("CommandMessages", "The service still has instances.");
    case Error::ServiceHasConsumers: return QCoreApplication::translate("CommandMessages", "Other services depend on this service.");
    case Error::NotSaved:
        return QCoreApplication::translate("CommandMessages", "The change is made, but it could not be saved, so it would not survive a restart (%1).")
            .arg(result.error);
    case Error::StoreRefused:
        return QCoreApplication::translate("CommandMessages", "The store did not take the change, so nothing changed (%1).")
            .arg(result.error);
    case Error::PeerRefused: return QCoreApplication::translate("CommandMessages", "These nodes cannot be peers: peers are two different running nodes.");
    case Error::NotAPeer: return QCoreApplication::translate("CommandMessages", "The nodes are not peers.");
    case Error::BridgeRefused:
        return QCoreApplication::translate("CommandMessages", "The node cannot bridge to that registry: the URL must be "
                                                              "another registry's http(s) address, not the node itself, "
                                                              "and not one it bridges to already (%1).")
            .arg(result.error);
    case Error::NoSuchBridge: return QCoreApplication::translate("CommandMessages", "The node has no bridge to that registry (any more).");
    case Error::GatewayRefused:
        return QCoreApplication::translate("CommandMessages", "The gateway cannot listen on that port: it is in use or not allowed (%1).").arg(result.error);
    case Error::Unsupported: return QCoreApplication::translate("CommandMessages", "This registry does not offer that command.");
    case Error::Failed: break;
    }
    return QCoreApplication::translate("CommandMessages", "It did not work (%1).").arg(result.error);
}
