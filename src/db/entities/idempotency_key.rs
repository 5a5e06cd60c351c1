use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "idempotency_keys")]
pub struct Model {
    /// Who owns the key: `key:<api key id>`, `agent:<id>` or `customer:<id>`.
    #[sea_orm(primary_key, auto_increment = false)]
    pub scope: String,
    #[sea_orm(primary_key, auto_increment = false)]
    pub key: String,
    /// A digest of the request (method, path, query, body).
    pub fingerprint: String,
    /// The first answer's status; none while the first request is under way.
    pub status: Option<i16>,
    /// The first answer (status, headers, body), sealed; none while under way.
    pub body: Option<String>,
    pub started_at: DateTimeUtc,
    pub expires_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
