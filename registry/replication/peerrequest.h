// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QNetworkRequest>
#include <QUrl>

// A request to a peer at url: the credentials written in a peer's URL (http://user:secret@host/eureka/)
// go as HTTP Basic, and leave the URL.
QNetworkRequest peerRequest(const QUrl &url);
