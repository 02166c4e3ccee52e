package io.sharedfs.provisioner.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.util.UUID;

/** An image on this storage host, as image events describe it. */
@Entity
@Table(name = "image_on_host")
public class ImageOnHost extends PanacheEntityBase {

    @Id
    @Column(name = "image_id")
    public UUID imageId;

    public String name;

    @Column(name = "root_path")
    public String rootPath;

    public boolean shared;

    public long version;

    public boolean deleted;
}
