<?php
/**
 * Per post: a toggle to turn its audio off, its pronunciations, and its status (made, being
 * made, failed with the reason) with a play button.
 *
 * @package TTS_Service
 */

defined( 'ABSPATH' ) || exit;

add_action(
	'add_meta_boxes',
	function () {
		foreach ( (array) tts_service_setting( 'post_types' ) as $type ) {
			add_meta_box( 'tts-service', __( 'Listen', 'tts-service' ), 'tts_service_post_box', $type, 'side' );
		}
	}
);

/**
 * The service's status of the post's article, kept in the post's meta (a short call).
 *
 * @param int $post_id The post.
 * @return string
 */
function tts_service_refresh_status( $post_id ) {
	$article_id = (string) get_post_meta( $post_id, TTS_SERVICE_META_ID, true );
	$status     = (string) get_post_meta( $post_id, TTS_SERVICE_META_STATUS, true );
	if ( preg_match( '/^[0-9a-f]{32}$/', $article_id ) && in_array( $status, array( 'pending', 'partial' ), true ) ) {
		$answer = tts_service_call( 'GET', '/api/articles/' . $article_id );
		if ( ! is_wp_error( $answer ) && isset( $answer['body']['status'] ) ) {
			$status = sanitize_key( (string) $answer['body']['status'] );
			update_post_meta( $post_id, TTS_SERVICE_META_STATUS, $status );
			if ( 'failed' === $status && isset( $answer['body']['error'] ) ) {
				update_post_meta( $post_id, TTS_SERVICE_META_ERROR, sanitize_text_field( (string) $answer['body']['error'] ) );
			}
		}
	}
	return $status;
}

/**
 * The box in the post editor.
 *
 * @param WP_Post $post The post.
 */
function tts_service_post_box( $post ) {
	wp_nonce_field( 'tts_service_post_box', 'tts_service_post_box_nonce' );
	$off        = '1' === get_post_meta( $post->ID, TTS_SERVICE_META_OFF, true );
	$status     = tts_service_refresh_status( $post->ID );
	$article_id = (string) get_post_meta( $post->ID, TTS_SERVICE_META_ID, true );
	$labels     = array(
		''        => __( 'No audio yet: it is made when the post is published.', 'tts-service' ),
		'queued'  => __( 'Queued: being sent to the service.', 'tts-service' ),
		'pending' => __( 'Being made.', 'tts-service' ),
		'partial' => __( 'Being made.', 'tts-service' ),
		'ready'   => __( 'Made.', 'tts-service' ),
		'failed'  => __( 'Failed:', 'tts-service' ),
	);
	echo '<p class="tts-service-status" data-status="' . esc_attr( $status ) . '">' . esc_html( $labels[ $status ] ?? $status );
	if ( 'failed' === $status ) {
		echo ' ' . esc_html( (string) get_post_meta( $post->ID, TTS_SERVICE_META_ERROR, true ) );
	}
	echo '</p>';
	if ( preg_match( '/^[0-9a-f]{32}$/', $article_id ) && 'failed' !== $status ) {
		$src = (string) tts_service_setting( 'url' ) . '/audio/' . $article_id . '.mp3';
		echo '<audio controls preload="none" style="width:100%" src="' . esc_url( $src ) . '"></audio>';
	}
	echo '<p><label><input type="checkbox" name="tts_service_off" value="1" ' . checked( $off, true, false ) . '> ' . esc_html__( 'No audio for this post', 'tts-service' ) . '</label></p>';
	echo '<p><label for="tts-service-lexicon">' . esc_html__( 'Pronunciations (word = say it so, one a line)', 'tts-service' ) . '</label>';
	echo '<textarea id="tts-service-lexicon" name="tts_service_lexicon" rows="3" style="width:100%">' . esc_textarea( (string) get_post_meta( $post->ID, TTS_SERVICE_META_LEXICON, true ) ) . '</textarea></p>';
}

add_action(
	'save_post',
	function ( $post_id, $post ) {
		if ( ! isset( $_POST['tts_service_post_box_nonce'] ) || ! wp_verify_nonce( sanitize_text_field( wp_unslash( $_POST['tts_service_post_box_nonce'] ) ), 'tts_service_post_box' ) ) {
			return;
		}
		if ( wp_is_post_revision( $post_id ) || ! current_user_can( 'edit_post', $post_id ) ) {
			return;
		}
		$off = ! empty( $_POST['tts_service_off'] );
		update_post_meta( $post_id, TTS_SERVICE_META_OFF, $off ? '1' : '0' );
		$lexicon = isset( $_POST['tts_service_lexicon'] ) ? sanitize_textarea_field( wp_unslash( $_POST['tts_service_lexicon'] ) ) : '';
		update_post_meta( $post_id, TTS_SERVICE_META_LEXICON, $lexicon );
		if ( 'publish' !== $post->post_status ) {
			return;
		}
		if ( $off ) {
			tts_service_queue_forget( $post_id );
		} elseif ( tts_service_enabled_for( $post ) ) {
			tts_service_queue( $post_id );
		}
	},
	20,
	2
);
