// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "model/service.h"

#include <QDialog>
#include <QHash>

class QDialogButtonBox;
class QLabel;
class QLineEdit;

// Creates a service by hand (a Service-Center microservice); the node keeps it in its journal.
class ServiceDialog : public QDialog
{
    Q_OBJECT

public:
    explicit ServiceDialog(QWidget *parent = nullptr);

    Service service() const;
    QString errorFor(const QString &field) const { return m_errors.value(field); }

private:
    void validate();
    void setError(const QString &field, const QString &message);

    QLineEdit *m_appId;
    QLineEdit *m_name;
    QLineEdit *m_version;
    QLineEdit *m_description;
    QHash<QString, QLabel *> m_errorLabels;
    QHash<QString, QString> m_errors;
    QDialogButtonBox *m_buttons;
};
