//! Canned responses: saved replies with a short code, personal (the agent's own), of a
//! group (its agents use them) or global (every agent). Agents keep their own; admins
//! keep group and global ones. Sending one renders its placeholders for the
//! conversation on the server and posts the result as a normal text message.

use std::collections::BTreeMap;

use chrono::Utc;
use poem_openapi::types::ToJSON;
use sea_orm::sea_query::LockType;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, EntityTrait, IntoActiveModel,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
};
use uuid::Uuid;

use super::core::chats::load_for;
use super::core::page;
use super::core::{queue, views};
use super::{AgentCaller, Caller, Error, Result, Services};
use crate::db::entities::{canned_response, group};
use crate::domain::canned::{self, CannedScope, Facts, Template};
use crate::domain::{MAX_CLIENT_MESSAGE_ID_LEN, MessageBody};
use crate::wire::values::Line;
use crate::wire::{CannedResponse, Message};

/// A canned response to create.
pub struct NewCanned<'a> {
    pub short_code: &'a str,
    pub title: &'a str,
    pub body: &'a str,
    pub scope: CannedScope,
    /// The group of a `group` response.
    pub group_id: Option<Uuid>,
}

/// What to change; absent fields stay.
#[derive(Default)]
pub struct CannedChange<'a> {
    pub short_code: Option<&'a str>,
    pub title: Option<&'a str>,
    pub body: Option<&'a str>,
}

pub async fn create(services: &Services, agent: &AgentCaller, new: NewCanned<'_>) -> Result<CannedResponse> {
    let short_code = canned::short_code(new.short_code)?;
    Template::parse(new.body)?;
    let owner_id = match (new.scope, new.group_id) {
        (CannedScope::Personal, None) => agent.id,
        (CannedScope::Group, Some(group_id)) => {
            agent.require_admin()?;
            group_id
        }
        (CannedScope::Global, None) => {
            agent.require_admin()?;
            Uuid::nil()
        }
        (CannedScope::Group, None) => return Err(Error::invalid("a group canned response needs group_id")),
        (_, Some(_)) => return Err(Error::invalid("group_id is only for scope group")),
    };
    let txn = services.store.write().await?;
    if new.scope == CannedScope::Group && group::Entity::find_by_id(owner_id).one(&*txn).await?.is_none() {
        return Err(Error::invalid("group_id names no group"));
    }
    ensure_free(&*txn, new.scope, owner_id, short_code, None).await?;
    let now = Utc::now();
    let row = canned_response::ActiveModel {
        id: Set(Uuid::now_v7()),
        scope: Set(new.scope),
        owner_id: Set(owner_id),
        short_code: Set(short_code.to_owned()),
        title: Set(new.title.trim().to_owned()),
        body: Set(new.body.to_owned()),
        created_by: Set(agent.id),
        created_at: Set(now),
        updated_at: Set(now),
    }
    .insert(&*txn)
    .await?;
    txn.commit().await?;
    Ok(row.into())
}

/// The canned responses `agent` may use whose short code starts with `prefix` (a
/// leading `/` is ignored), by short code: their own, their groups' (every group's for
/// admins and supervisors) and the global ones.
pub async fn list(
    services: &Services,
    agent: &AgentCaller,
    prefix: Option<&str>,
    limit: Option<u64>,
) -> Result<Vec<CannedResponse>> {
    let db = services.store.db();
    let mut query = canned_response::Entity::find()
        .filter(usable_by(db, agent).await?)
        .order_by_asc(canned_response::Column::ShortCode)
        .order_by_asc(canned_response::Column::Scope)
        .limit(page::limit(limit));
    if let Some(prefix) = prefix.map(|prefix| prefix.strip_prefix('/').unwrap_or(prefix)).filter(|p| !p.is_empty()) {
        query = query.filter(canned_response::Column::ShortCode.starts_with(prefix.to_lowercase()));
    }
    Ok(query.all(db).await?.into_iter().map(Into::into).collect())
}

pub async fn get(services: &Services, agent: &AgentCaller, id: Uuid) -> Result<CannedResponse> {
    Ok(usable(services.store.db(), agent, id).await?.into())
}

/// Changes a canned response: an agent their own, an admin group and global ones.
pub async fn update(
    services: &Services,
    agent: &AgentCaller,
    id: Uuid,
    change: CannedChange<'_>,
) -> Result<CannedResponse> {
    let short_code = change.short_code.map(canned::short_code).transpose()?;
    if let Some(body) = change.body {
        Template::parse(body)?;
    }
    let txn = services.store.write().await?;
    let row = kept_by(&*txn, agent, id).await?;
    if let Some(short_code) = short_code {
        ensure_free(&*txn, row.scope, row.owner_id, short_code, Some(row.id)).await?;
    }
    let mut model = row.into_active_model();
    if let Some(short_code) = short_code {
        model.short_code = Set(short_code.to_owned());
    }
    if let Some(title) = change.title {
        model.title = Set(title.trim().to_owned());
    }
    if let Some(body) = change.body {
        model.body = Set(body.to_owned());
    }
    model.updated_at = Set(Utc::now());
    let row = model.update(&*txn).await?;
    txn.commit().await?;
    Ok(row.into())
}

pub async fn delete(services: &Services, agent: &AgentCaller, id: Uuid) -> Result<()> {
    let txn = services.store.write().await?;
    let row = kept_by(&*txn, agent, id).await?;
    canned_response::Entity::delete_by_id(row.id).exec(&*txn).await?;
    txn.commit().await?;
    Ok(())
}

/// Renders canned response `id` for the conversation and posts it as `agent`'s text
/// message: what the customer receives is exactly the rendered text. A placeholder
/// with no value in this conversation is 422 and nothing is sent. A retry with the
/// same `client_message_id` returns the first message and `false`.
pub async fn send(
    services: &Services,
    agent: &AgentCaller,
    conversation_id: Uuid,
    id: Uuid,
    client_message_id: Option<Line<MAX_CLIENT_MESSAGE_ID_LEN>>,
) -> Result<(Message, bool)> {
    let db = services.store.db();
    let caller = Caller::Agent(agent.clone());
    let row = load_for(db, &caller, conversation_id).await?;
    let canned = usable(db, agent, id).await?;
    // The view has the customer and the process variables; nothing is read twice.
    let mut variables = BTreeMap::new();
    let view = views::conversation(db, row.clone()).await?;
    for source in [Some(row.input_variables.clone()), view.variables.to_json()] {
        if let Some(serde_json::Value::Object(values)) = source {
            for (name, value) in values {
                let text = match value {
                    serde_json::Value::String(text) => text,
                    serde_json::Value::Null | serde_json::Value::Array(_) | serde_json::Value::Object(_) => continue,
                    other => other.to_string(),
                };
                variables.insert(name, text);
            }
        }
    }
    let facts = Facts {
        customer_name: Some(view.customer.display_name.clone()),
        customer_email: row.email.or(view.customer.email.map(|email| email.into_inner())),
        agent_name: Some(agent.name.clone()),
        variables,
    };
    let text = Template::parse(&canned.body)?.render(&facts)?;
    let body = MessageBody::text(&text)?;
    services.messages.post(&caller, conversation_id, body, client_message_id.map(Line::into_inner)).await
}

/// Which canned responses `agent` may use, as a query condition.
async fn usable_by(conn: &impl ConnectionTrait, agent: &AgentCaller) -> Result<Condition> {
    let own = Condition::all()
        .add(canned_response::Column::Scope.eq(CannedScope::Personal))
        .add(canned_response::Column::OwnerId.eq(agent.id));
    let mut groups = Condition::all().add(canned_response::Column::Scope.eq(CannedScope::Group));
    if !agent.role.sees_every_group() {
        groups = groups.add(canned_response::Column::OwnerId.is_in(queue::group_ids_of(conn, agent.id).await?));
    }
    Ok(Condition::any().add(own).add(groups).add(canned_response::Column::Scope.eq(CannedScope::Global)))
}

/// Canned response `id` if `agent` may use it; "not found" otherwise.
async fn usable(conn: &impl ConnectionTrait, agent: &AgentCaller, id: Uuid) -> Result<canned_response::Model> {
    canned_response::Entity::find_by_id(id)
        .filter(usable_by(conn, agent).await?)
        .one(conn)
        .await?
        .ok_or(Error::NotFound("canned response"))
}

/// Canned response `id` if `agent` keeps it: their own, or any group or global one for
/// admins (others get 403 for those they may only use). For the write that changes or
/// deletes it: the row is locked until that ends, so a change and a delete take turns
/// (and the second of them finds the first's outcome).
async fn kept_by(conn: &impl ConnectionTrait, agent: &AgentCaller, id: Uuid) -> Result<canned_response::Model> {
    let row = canned_response::Entity::find_by_id(id)
        .filter(usable_by(conn, agent).await?)
        .lock(LockType::NoKeyUpdate)
        .one(conn)
        .await?
        .ok_or(Error::NotFound("canned response"))?;
    if row.scope != CannedScope::Personal {
        agent.require_admin()?;
    }
    Ok(row)
}

/// 409 when another canned response of the same scope and owner has `short_code`.
async fn ensure_free(
    conn: &impl ConnectionTrait,
    scope: CannedScope,
    owner_id: Uuid,
    short_code: &str,
    except: Option<Uuid>,
) -> Result<()> {
    let mut query = canned_response::Entity::find()
        .filter(canned_response::Column::Scope.eq(scope))
        .filter(canned_response::Column::OwnerId.eq(owner_id))
        .filter(canned_response::Column::ShortCode.eq(short_code));
    if let Some(except) = except {
        query = query.filter(canned_response::Column::Id.ne(except));
    }
    if query.count(conn).await? > 0 {
        return Err(Error::ShortCodeTaken);
    }
    Ok(())
}
