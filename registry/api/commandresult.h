// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QMetaType>
#include <QString>

// The result of a command sent to a node or to a remote registry. A failure has a kind, which the
// console turns into a sentence in the user's language, and an English detail for logs and HTTP
// answers; the detail is never empty on failure.
struct CommandResult
{
    enum class Error
    {
        None,
        Failed,                        // no more specific kind: the detail says what happened
        NotRunning,                    // the node in this process is not running
        NotConnected,                  // the client of a remote registry is not (yet) connected
        Unreachable,                   // the remote registry did not answer
        Refused,                       // the remote registry answered with an error; the detail holds its words
        NoSuchInstance,
        NoSuchService,
        ServiceConflict,               // another service has the same id or key
        ServiceHasInstances,
        ServiceHasConsumers,
        NotSaved,                      // made, but the journal could not keep it
        StoreRefused,                  // etcd did not take the change, so it was not made
        PeerRefused,                   // the URL cannot be a peer of this node
        NotAPeer,
        BridgeRefused,                 // not a URL a bridge can follow, the node itself, or already bridged
        NoSuchBridge,
        GatewayRefused,                // the gateway cannot listen there (the port is in use, say)
        Unsupported,                   // this registry has no such command
    };

    bool ok = true;
    QString error;
    Error kind = Error::None;

    static CommandResult failure(Error kind, const QString &detail) { return {false, detail, kind}; }
    // The kind, also for failures made without one.
    Error errorKind() const { return ok ? Error::None : kind == Error::None ? Error::Failed : kind; }
};

Q_DECLARE_METATYPE(CommandResult)
